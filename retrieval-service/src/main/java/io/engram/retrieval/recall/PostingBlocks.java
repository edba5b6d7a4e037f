package io.engram.retrieval.recall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The byte layout of a packed block: per posting, in chunk order, the chunk id (the block's first as is, then the
 * difference to the previous one), tf and dl, each an unsigned LEB128 varint. A block of 256 postings of a
 * million-chunk collection takes about 800 bytes.
 */
final class PostingBlocks {

  private PostingBlocks() {
  }

  /** One block: its postings, the best impact among them (with the collection's reference parameters) and its bytes. */
  record Block(int postings, float maxImpact, byte[] data) {
  }

  /** Receives decoded postings. */
  interface Sink {
    void posting(long chunk, int tf, int dl);
  }

  /**
   * Encodes the first {@code size} postings of a term (any order; chunk ids distinct) into blocks of {@code blockSize}
   * in chunk order.
   *
   * @param impacts the collection's impact parameters, or null (then every block's max impact is 1: no bound)
   */
  static List<Block> encode(long[] chunks, int[] tf, int[] dl, int size, int blockSize, Postings.ImpactParameters impacts) {
    int[] order = chunkOrder(chunks, size);
    List<Block> blocks = new ArrayList<>((size + blockSize - 1) / blockSize);
    byte[] buffer = new byte[blockSize * 3 * 10];
    for (int from = 0; from < size; from += blockSize) {
      int to = Math.min(size, from + blockSize);
      int at = 0;
      long previous = 0;
      float max = 0;
      for (int k = from; k < to; k++) {
        int i = order[k];
        at = put(buffer, at, k == from ? chunks[i] : chunks[i] - previous);
        at = put(buffer, at, tf[i]);
        at = put(buffer, at, dl[i]);
        previous = chunks[i];
        max = Math.max(max, impacts == null ? 1f : impacts.impact(tf[i], dl[i]));
      }
      blocks.add(new Block(to - from, max, Arrays.copyOf(buffer, at)));
    }
    return blocks;
  }

  /** Indexes of the postings in chunk order: a primitive sort of (chunk offset, index) packed in one long when they fit. */
  private static int[] chunkOrder(long[] chunks, int size) {
    int[] order = new int[size];
    if (size == 0) {
      return order;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, chunks[i]);
      max = Math.max(max, chunks[i]);
    }
    int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, size - 1));
    if (max - min >= 0 && (max - min) < (1L << (63 - indexBits))) {
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) {
        keys[i] = ((chunks[i] - min) << indexBits) | i;
      }
      Arrays.sort(keys);
      long mask = (1L << indexBits) - 1;
      for (int i = 0; i < size; i++) {
        order[i] = (int) (keys[i] & mask);
      }
      return order;
    }
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.comparingLong(i -> chunks[i]));
    for (int i = 0; i < size; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  private static int put(byte[] buffer, int at, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      buffer[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[at++] = (byte) v;
    return at;
  }

  /** Hands each posting of a block to {@code sink}, in chunk order. */
  static void decode(byte[] data, Sink sink) {
    VarintCursor in = new VarintCursor(data);
    long chunk = 0;
    boolean first = true;
    while (in.more()) {
      long v = in.next();
      chunk = first ? v : chunk + v;
      first = false;
      sink.posting(chunk, (int) in.next(), (int) in.next()); // tf, then dl (arguments are evaluated in order)
    }
  }

  /** Reads a block's varints one after the other. */
  private static final class VarintCursor {
    private final byte[] data;
    private int at;

    VarintCursor(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return at < data.length;
    }

    long next() {
      long v = 0;
      int shift = 0;
      byte b;
      do {
        b = data[at++];
        v |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      return v;
    }
  }
}
