//! Formatting shared between threads. Each piece of a module is printed
//! on its own, and printing is most of a generation's time, so several
//! threads share it: each follows every piece (token streams cannot move
//! between threads), makes and prints every n-th one, and sends it to the
//! calling thread, which puts the printed pieces together in order. The
//! pieces made one per type or operation (most of the tokens) are made
//! only by the thread that prints them ([`format::made`]); the few others
//! by every thread. The text does not depend on the number of threads.

use std::sync::mpsc::{sync_channel, SyncSender};

use super::format::{self, Piece, Printed, Sink};

/// What a thread does with its pieces.
pub(crate) trait Share: Default {
    /// Follows `piece`, and prints it when `print` is set.
    fn piece(&mut self, piece: Piece, print: bool) -> Option<Printed>;
}

impl Share for format::Formatter {
    fn piece(&mut self, piece: Piece, print: bool) -> Option<Printed> {
        format::Formatter::piece(self, piece, print)
    }
}

impl Share for format::FlatShare {
    fn piece(&mut self, piece: Piece, print: bool) -> Option<Printed> {
        print.then(|| format::FlatShare::printed(piece))
    }
}

/// Makes the pieces with `make` on `threads` threads printing with `S`,
/// handing each printed piece in order to `add` until it returns `false`;
/// a failure to make the pieces comes as [`Printed::Failed`]. `None` when
/// the threads could not all be started: nothing was added then.
pub(crate) fn in_parallel<S: Share>(
    make: &(dyn Fn(&mut Sink<'_>) -> Result<(), String> + Sync),
    threads: usize,
    add: &mut dyn FnMut(Printed) -> bool,
) -> Option<()> {
    std::thread::scope(|scope| {
        let mut queues = Vec::with_capacity(threads);
        for share in 0..threads {
            let (send, receive) = sync_channel(PRINTED_AHEAD);
            let work = move || print_share::<S>(make, (share, threads), send);
            // Dropping the queues on a failure stops the threads started.
            crate::stack::spawn_deep(scope, work).ok()?;
            queues.push(receive);
        }
        // Piece `i` comes from thread `owner(i, threads)`; when the pieces
        // end, every thread has ended and its queue is closed.
        for index in 0.. {
            let added = queues[owner(index, threads)].recv().map(&mut *add);
            if added != Ok(true) {
                break;
            }
        }
        Some(())
    })
}

/// Printed pieces a thread may keep ahead of the one putting them
/// together (memory stays bounded by a few items).
const PRINTED_AHEAD: usize = 16;

/// Follows every piece and prints those of `share` (`(k, n)`: every n-th
/// from the k-th), sending them in order; a failure to make the pieces is
/// sent as the next piece.
fn print_share<S: Share>(
    make: &(dyn Fn(&mut Sink<'_>) -> Result<(), String> + Sync),
    (share, threads): (usize, usize),
    send: SyncSender<Printed>,
) {
    let mut printer = S::default();
    let mut index = 0usize;
    let mut open = true;
    format::print_next(owner(0, threads) == share);
    let made = make(&mut |piece| {
        let mine = open && owner(index, threads) == share;
        index += 1;
        format::print_next(open && owner(index, threads) == share);
        if let Some(printed) = printer.piece(piece, mine) {
            open = send.send(printed).is_ok();
        }
    });
    format::print_next(true);
    if let Err(e) = made {
        let _ = send.send(Printed::Failed(e));
    }
}

/// The thread that prints piece `index` of `threads`. Not `index %
/// threads`: the emitters often make pieces in a repeating pattern (a
/// type's large item, then its small one), which would hand every large
/// piece to the same thread; the index is mixed first (a multiplicative
/// hash), so that each thread gets a fair share of every kind.
fn owner(index: usize, threads: usize) -> usize {
    let mixed = (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((mixed >> 32) % threads as u64) as usize
}

/// How many threads format a module (see [`crate::stack::threads`]).
pub(crate) use crate::stack::threads;

/// The fewest operations and types a module has for its pieces to be
/// shared between threads: below it, a module is made on one thread. Most
/// of a module is printed as text now, and for a small spec starting and
/// feeding a second thread costs more than it saves (whole processes, one
/// thread against two: 0.96x on the 84 KB twilio-lookups, 0.88x on the
/// 21 KB buildomat, but 1.17x on the 437 KB nexus).
const SHARED_FROM: usize = 200;

/// The threads that make and print `api`'s module: [`threads`], or one
/// for a small API (see [`SHARED_FROM`]).
pub(crate) fn threads_for(api: &crate::ir::Api) -> usize {
    if api.operations.len() + api.types.len() < SHARED_FROM {
        1
    } else {
        threads()
    }
}
