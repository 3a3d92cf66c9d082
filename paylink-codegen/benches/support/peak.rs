//! A child process's exit status and peak resident set, from `wait4`:
//! shared by `paylink-codegen`'s memory bench and the progenitor
//! comparison crate (which includes this file by path).

#[cfg(target_os = "linux")]
mod rusage {
    use std::os::raw::{c_int, c_long};

    /// `struct rusage` of Linux: two `timeval`s, then fourteen longs of
    /// which the first is `ru_maxrss` (kB).
    #[repr(C)]
    pub struct Rusage {
        pub times: [c_long; 4],
        pub counts: [c_long; 14],
    }

    extern "C" {
        pub fn wait4(pid: c_int, status: *mut c_int, options: c_int, usage: *mut Rusage) -> c_int;
    }
}

/// Waits for `child`: its exit status and resource usage.
#[cfg(target_os = "linux")]
fn wait_usage(child: std::process::Child) -> (i32, rusage::Rusage) {
    let mut status = 0;
    let mut usage = rusage::Rusage {
        times: [0; 4],
        counts: [0; 14],
    };
    let pid = child.id() as i32;
    // SAFETY: `status` and `usage` are valid for writes and laid out as
    // Linux's `int` and `struct rusage`; `pid` is our own unwaited child.
    let waited = unsafe { rusage::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let exit = if status & 0x7f == 0 {
        (status >> 8) & 0xff
    } else {
        -(status & 0x7f)
    };
    (exit, usage)
}

/// Waits for `child`: its exit status and peak resident set in kB.
#[cfg(target_os = "linux")]
pub fn wait(child: std::process::Child) -> (i32, u64) {
    let (exit, usage) = wait_usage(child);
    (exit, usage.counts[0] as u64)
}

/// Waits for `child`: its exit status and the CPU time (user and system)
/// it and the descendants it waited for used: for a `cargo check`, the
/// compiler's time, steadier than wall time on a loaded machine.
#[cfg(target_os = "linux")]
#[allow(dead_code)] // the memory bench measures no CPU time
pub fn wait_cpu(child: std::process::Child) -> (i32, std::time::Duration) {
    let (exit, usage) = wait_usage(child);
    let [user_s, user_us, system_s, system_us] = usage.times.map(|t| t as u64);
    let micros = (user_s + system_s) * 1_000_000 + user_us + system_us;
    (exit, std::time::Duration::from_micros(micros))
}

/// Elsewhere: the exit status and no CPU time.
#[cfg(not(target_os = "linux"))]
#[allow(dead_code)] // the memory bench measures no CPU time
pub fn wait_cpu(mut child: std::process::Child) -> (i32, std::time::Duration) {
    let status = child.wait().expect("the child ends");
    (status.code().unwrap_or(-1), std::time::Duration::ZERO)
}

/// Elsewhere: the exit status only.
#[cfg(not(target_os = "linux"))]
pub fn wait(mut child: std::process::Child) -> (i32, u64) {
    let status = child.wait().expect("the child ends");
    (status.code().unwrap_or(-1), 0)
}
