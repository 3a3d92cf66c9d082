//! A stack sized for the nesting the readers accept.
//!
//! Reading a document [`MAX_DEPTH`](crate::load::MAX_DEPTH) levels deep
//! into the `openapiv3` model, lowering it and emitting it recurse once or
//! more per level, and in a debug build each level takes kilobytes of
//! stack. The caller's thread may have little (a test thread has 2 MiB, a
//! build script's helper thread what its author chose): [`deep`] runs the
//! pipeline on a thread of its own with a stack big enough for the limit,
//! so that no spec within the limits can overflow the stack of whatever
//! thread called the library. A thread with room enough ([`NEEDED`], as a
//! release build's main thread has) runs the pipeline itself: starting a
//! thread, and the first touches of its memory, were a tenth of a small
//! spec's generation. A procedural macro's thread (the compiler's, with a
//! big stack) stays where it is: see [`here`].

use std::cell::Cell;
use std::sync::Mutex;

/// The stack of the pipeline's thread. Only the pages used are backed by
/// memory; this is address space.
pub const STACK_BYTES: usize = 256 << 20;

/// The stack the pipeline may run in on the caller's thread: eight times
/// the most the deepest hostile fixtures took at the readers' depth limit
/// (`generate --server`, `validate` and `diff` of each; 512 KiB in a
/// release build, 4 MiB in a debug one, whose frames are bigger).
pub const NEEDED: usize = if cfg!(debug_assertions) {
    32 << 20
} else {
    4 << 20
};

thread_local! {
    /// Whether this thread already runs on the deep stack.
    static ON_DEEP_STACK: Cell<bool> = const { Cell::new(false) };
    /// The lowest usable address of this thread's stack, once found.
    static STACK_FLOOR: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Whether this thread has [`NEEDED`] bytes of stack left below the
/// caller; `false` where that cannot be found out.
pub fn has_room() -> bool {
    stack_left().is_some_and(|left| left >= NEEDED)
}

/// The bytes of stack left below this frame, when known.
fn stack_left() -> Option<usize> {
    let floor = match STACK_FLOOR.with(Cell::get) {
        Some(floor) => floor,
        None => {
            let floor = stack_floor()?;
            STACK_FLOOR.with(|f| f.set(Some(floor)));
            floor
        }
    };
    let marker = 0u8;
    let here = std::hint::black_box(&marker) as *const u8 as usize;
    here.checked_sub(floor)
}

/// The lowest address of this thread's stack above its guard pages.
#[cfg(target_os = "linux")]
fn stack_floor() -> Option<usize> {
    // SAFETY: `attr` is initialized by `pthread_getattr_np` before it is
    // read, and destroyed once; the out-pointers are valid locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut base: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let mut guard: libc::size_t = 0;
        let found = libc::pthread_attr_getstack(&attr, &mut base, &mut size) == 0
            && libc::pthread_attr_getguardsize(&attr, &mut guard) == 0;
        libc::pthread_attr_destroy(&mut attr);
        (found && !base.is_null()).then(|| base as usize + guard)
    }
}

#[cfg(not(target_os = "linux"))]
fn stack_floor() -> Option<usize> {
    None
}

/// Runs `f` on this thread, and every [`deep`] call inside it too: for
/// callers whose thread already has a big stack and must not be left,
/// such as a procedural macro's (`proc_macro2` works only on the thread
/// the compiler called the macro on).
pub fn here<T>(f: impl FnOnce() -> T) -> T {
    /// Puts the flag back, also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ON_DEEP_STACK.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(ON_DEEP_STACK.with(|d| d.replace(true)));
    f()
}

/// Runs `f` on a thread with a [`STACK_BYTES`] stack, or on this thread
/// when it is already one, has [`NEEDED`] left ([`has_room`]), or no
/// thread can be started; a panic in `f` carries on in the caller.
pub fn deep<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if ON_DEEP_STACK.with(Cell::get) {
        return f();
    }
    if has_room() {
        return here(f);
    }
    beside(f, || ()).0
}

/// Runs `f` on a new thread with a [`STACK_BYTES`] stack while `here`
/// runs on this one, and returns both; `f` runs here afterwards when no
/// thread can be started. A panic in either carries on in the caller.
fn beside<T: Send, U>(f: impl FnOnce() -> T + Send, here: impl FnOnce() -> U) -> (T, U) {
    let slot = Mutex::new(Some(f));
    let (spawned, here) = std::thread::scope(|scope| {
        let run = || {
            let f = slot.lock().ok().and_then(|mut f| f.take());
            f.map(|f| f())
        };
        let handle = spawn_deep(scope, run).ok();
        let here = here();
        let spawned =
            handle.and_then(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (spawned, here)
    });
    let out = spawned.unwrap_or_else(|| {
        let f = slot.into_inner().ok().flatten();
        f.expect("the closure runs once, here when no thread ran it")()
    });
    (out, here)
}

/// Starts `f` on a thread of `scope` with a [`STACK_BYTES`] stack, as
/// [`deep`] runs the pipeline: for the pipeline's work shared between
/// threads (formatting).
pub fn spawn_deep<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .name("paylink-codegen".into())
        .stack_size(STACK_BYTES)
        .spawn_scoped(scope, move || {
            ON_DEEP_STACK.with(|d| d.set(true));
            f()
        })
}

/// How many threads the pipeline's shared work uses (formatting, and
/// reading path items into the model): the machine's parallelism, at most
/// four, or `PAYLINK_CODEGEN_THREADS` when set (`1` keeps all of it on
/// the calling thread).
pub(crate) fn threads() -> usize {
    let set = std::env::var("PAYLINK_CODEGEN_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok());
    set.unwrap_or_else(|| *PARALLELISM.get_or_init(parallelism))
        .max(1)
}

/// The machine's parallelism, at most four, found once per process:
/// finding it reads the process's cgroup files, which cost a small spec's
/// generation a few percent when read on every call.
static PARALLELISM: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn parallelism() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().min(4))
        .unwrap_or(1)
}

/// Runs `a` on a thread of its own (with the deep stack) while `b` runs
/// on this one, and returns both. Both run here, one after the other, when
/// the pipeline works on one thread or no thread can be started. A panic
/// in either carries on in the caller.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if threads() < 2 {
        let left = a();
        return (left, b());
    }
    beside(a, b)
}

/// Hands the memory the allocator holds free back to the system: between
/// stages, the one before (the document and its model) leaves many small
/// holes that the next (the emitted text) cannot use, and the peak resident
/// size would be their sum. glibc only; elsewhere nothing.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: glibc's `malloc_trim` takes a byte count and only
        // returns free pages to the system; it is safe to call at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(n: usize) -> usize {
        let frame = std::hint::black_box([0u8; 1024]);
        if n == 0 {
            frame[0] as usize
        } else {
            depth(n - 1) + usize::from(frame[1])
        }
    }

    /// Both sides run and come back in their places; the other thread has
    /// the deep stack too (as the pipeline calls it, from the deep stack).
    #[test]
    fn join_returns_both_sides() {
        let (a, b) = deep(|| join(|| depth(20_000) + 1, || depth(20_000) + 2));
        assert_eq!((a, b), (1, 2));
    }

    /// A panic on the other thread carries on in the caller.
    #[test]
    fn a_panic_in_join_carries_on() {
        let caught = std::panic::catch_unwind(|| join(|| -> u8 { panic!("left") }, || 2));
        assert!(caught.is_err());
    }

    /// Recursion that needs far more than a test thread's 2 MiB runs.
    #[test]
    fn deep_recursion_fits_on_the_deep_stack() {
        assert_eq!(deep(|| depth(20_000)), 0);
    }

    /// A spec nested just inside the readers' limit generates from a
    /// thread with a small stack (a debug build's `openapiv3` reader alone
    /// takes more than 2 MiB at this depth).
    #[test]
    fn a_spec_at_the_depth_limit_generates_from_a_small_stack() {
        let mut schema = serde_json::json!({"type": "string"});
        for _ in 0..60 {
            schema = serde_json::json!({"type": "object", "properties": {"n": schema}});
        }
        let spec = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": {"Deep": schema}}
        })
        .to_string();
        let outcome = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let options = crate::Options::default();
                let generated = crate::generate::generate_str("deep.json", &spec, &options);
                let read = crate::read_spec_str("deep.json", &spec);
                (generated.map(|g| g.types), read.is_ok())
            })
            .expect("a thread")
            .join()
            .expect("no overflow, no panic");
        assert!(
            outcome.0.as_ref().is_ok_and(|types| *types > 50),
            "{:?}",
            outcome.0
        );
        assert!(outcome.1);
    }

    /// `f` on a new thread with a stack of `bytes`.
    fn on_stack<T: Send + 'static>(bytes: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(bytes)
            .spawn(f)
            .expect("a thread")
            .join()
            .expect("the thread finished")
    }

    /// A thread with the room the pipeline needs runs it itself; one
    /// with less (a test thread's 2 MiB) hands it to a deep thread.
    #[cfg(target_os = "linux")]
    #[test]
    fn only_a_thread_with_room_runs_the_pipeline_itself() {
        let roomy = on_stack(NEEDED + (1 << 20), || {
            let caller = std::thread::current().id();
            (has_room(), deep(|| std::thread::current().id()) == caller)
        });
        assert_eq!(roomy, (true, true));
        let small = on_stack(2 << 20, || {
            let caller = std::thread::current().id();
            (has_room(), deep(|| std::thread::current().id()) == caller)
        });
        assert_eq!(small, (false, false));
        // What is left, not the size: deep in a roomy thread's stack
        // there is no longer room.
        let used = on_stack(NEEDED + (1 << 20), || {
            fn down(n: usize) -> bool {
                let frame = std::hint::black_box([0u8; 4096]);
                if n == 0 {
                    has_room()
                } else {
                    down(n - 1) && frame[0] == 0
                }
            }
            down(512)
        });
        assert!(!used);
    }

    /// A nested call runs on the same thread; a panic reaches the caller.
    #[test]
    fn nested_calls_share_the_thread_and_panics_carry_on() {
        let outer = deep(|| {
            (
                std::thread::current().id(),
                deep(|| std::thread::current().id()),
            )
        });
        assert_eq!(outer.0, outer.1);
        let caught = std::panic::catch_unwind(|| deep(|| panic!("inside")));
        assert!(caught.is_err());
    }
}
