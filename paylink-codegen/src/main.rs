//! The `paylink-codegen` command; all of its logic lives in [`paylink_codegen::cli`].

/// mimalloc: generation allocates and frees many small values, and
/// glibc's allocator took a third to half of the time (see the `mimalloc`
/// feature).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    allocator::configure();
    let code = paylink_codegen::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    #[cfg(feature = "mimalloc")]
    allocator::before_exit();
    std::process::ExitCode::from(code)
}

/// The allocator's settings.
#[cfg(feature = "mimalloc")]
mod allocator {
    /// `mi_option_arena_eager_commit` in mimalloc's `mi_option_t` (the
    /// same in its versions 2 and 3; `libmimalloc-sys` names only some of
    /// the options, and its numbering, such as
    /// `mi_option_eager_commit_delay` = 14, follows the header).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    /// `mi_option_purge_delay`, the milliseconds before freed memory is
    /// handed back.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

    /// Freed memory goes back to the system at once and arenas are
    /// committed as they are used: by default mimalloc keeps freed pages
    /// for a while, and the peak of a 10,000-operation spec went past the
    /// memory budget (ten times the input plus 100 MB); and the process
    /// uses no transparent huge pages (see `small_pages`). Variables
    /// `MIMALLOC_PURGE_DELAY`, `MIMALLOC_ARENA_EAGER_COMMIT` and
    /// `MIMALLOC_ALLOW_THP` set in the environment still win.
    pub fn configure() {
        for (option, name) in [
            (PURGE_DELAY, "MIMALLOC_PURGE_DELAY"),
            (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT"),
        ] {
            if std::env::var_os(name).is_none() {
                // SAFETY: `mi_option_set` only stores an option's value;
                // both options are read by mimalloc at any time.
                unsafe { libmimalloc_sys::mi_option_set(option, 0) };
            }
        }
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
            small_pages();
        }
    }

    /// Nothing is handed back any more: at exit mimalloc frees what it
    /// holds, and with no purge delay it handed each freed part back to
    /// the system, one `madvise` each (55 of the 60 calls a generation of
    /// a 21 KB spec made), for memory the exit hands back anyway.
    pub fn before_exit() {
        // SAFETY: as in `configure`; -1 is mimalloc's "never".
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    }

    /// Memory in 4 KiB pages, not transparent huge pages: mimalloc asks
    /// for huge pages on its first arena (before `main`, so its own option
    /// comes too late), and a short run then zeroes 2 MiB for each page
    /// it touches. The 437 KB nexus spec peaked at 29 MiB with them and at
    /// 16 MiB without, in the same time; the 4 MB spec 8% faster.
    #[cfg(target_os = "linux")]
    fn small_pages() {
        use std::ffi::{c_int, c_ulong};
        /// `PR_SET_THP_DISABLE` of `<linux/prctl.h>`.
        const PR_SET_THP_DISABLE: c_int = 41;
        extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        let off: c_ulong = 1;
        // SAFETY: `PR_SET_THP_DISABLE` takes one integer argument (and
        // zeros after it) and only sets a flag of this process; its result
        // is ignored, as a kernel without it keeps huge pages.
        unsafe {
            prctl(
                PR_SET_THP_DISABLE,
                off,
                0 as c_ulong,
                0 as c_ulong,
                0 as c_ulong,
            )
        };
    }

    /// Elsewhere, nothing to do.
    #[cfg(not(target_os = "linux"))]
    fn small_pages() {}
}
