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

/// Waits for `child`: its exit status and peak resident set in kB.
#[cfg(target_os = "linux")]
pub fn wait(child: std::process::Child) -> (i32, u64) {
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
    (exit, usage.counts[0] as u64)
}

/// Elsewhere: the exit status only.
#[cfg(not(target_os = "linux"))]
pub fn wait(mut child: std::process::Child) -> (i32, u64) {
    let status = child.wait().expect("the child ends");
    (status.code().unwrap_or(-1), 0)
}
