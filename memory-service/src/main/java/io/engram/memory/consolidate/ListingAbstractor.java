package io.engram.memory.consolidate;

import io.engram.memory.item.MemoryItem;
import java.util.List;
import java.util.StringJoiner;

/** The offline abstractor: "Subject: attribute value; attribute value." in attribute order. Deterministic. */
public final class ListingAbstractor implements Abstractor {

  @Override
  public String abstractOf(String subject, List<MemoryItem> members) {
    StringJoiner parts = new StringJoiner("; ", subject + ": ", ".");
    for (MemoryItem m : members) {
      String attribute = m.attributeText() == null ? m.attributeKey() : m.attributeText();
      parts.add(attribute + " " + m.valueText());
    }
    return parts.toString();
  }
}
