/**
 * Where serialized messages are written: a shared slab, handed out a message at a time as a view of its own
 * bytes, so that a message costs no allocation and no copy of its own. Node's Buffer pool works the same way
 * with 8 KiB slabs; these are larger because messages are. A slab is replaced when the next message does
 * not fit; a message kept alive keeps its slab alive. Serializing is synchronous, so one slab serves all.
 */

const SLAB_BYTES = 64 * 1024;

let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let used = 0;

/** The current slab with at least `bytes` free from {@link slabStart} (a new slab when it has less). */
export function slabWithRoom(bytes: number): Buffer {
  if (used + bytes > slab.length) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes));
    used = 0;
  }
  return slab;
}

/** Where the next message starts in the current slab. */
export function slabStart(): number {
  return used;
}

/**
 * Bytes `start` to `end` of the current slab (written since {@link slabWithRoom}) as a Buffer of their own;
 * the next message starts after them, 8-byte aligned as in Node's pool.
 */
export function takeFromSlab(start: number, end: number): Buffer {
  used = end + ((8 - (end % 8)) % 8);
  return slab.subarray(start, end);
}

/** Largest message worth writing into a slab; bigger ones get a buffer of their own. */
export const SLAB_MESSAGE_LIMIT = SLAB_BYTES / 4;
