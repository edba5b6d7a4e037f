package io.engram.memory.consolidate;

import io.engram.memory.item.MemoryItem;
import java.util.List;

/**
 * Writes the statement of an abstraction from its member facts (all about one subject). The offline
 * implementation lists attribute and value per member; an LLM-backed one may write prose, through the same
 * shape; either way the statement must keep every member's value, because recall shows the abstraction in
 * their place.
 */
public interface Abstractor {

  String abstractOf(String subject, List<MemoryItem> members);
}
