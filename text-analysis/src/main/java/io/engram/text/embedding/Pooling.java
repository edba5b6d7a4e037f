package io.engram.text.embedding;

/** How token vectors become one text vector: the first ([CLS]) token, or the mean over real tokens. */
public enum Pooling {
  CLS,
  MEAN
}
