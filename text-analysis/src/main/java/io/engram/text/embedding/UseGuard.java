package io.engram.text.embedding;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps native resources (an onnxruntime session, DJL tokenizers) alive while any thread uses them: each use
 * holds a shared lock, closing takes the exclusive one, so a close waits for the calls in flight instead of
 * freeing memory under them, and a call after the close fails with the owner's name rather than DJL's
 * "Native resource has been released already".
 */
final class UseGuard {

  private final String owner;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  UseGuard(String owner) {
    this.owner = owner;
  }

  /** Runs {@code use} while the resources stay open. */
  <T> T use(Supplier<T> use) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(owner + " is closed (its service is shutting down)");
      }
      return use.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for the uses in flight, then runs {@code release} once; later calls do nothing. */
  void close(Runnable release) {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      release.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }
}
