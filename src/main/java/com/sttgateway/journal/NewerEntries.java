package com.sttgateway.journal;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts index entries read from the object store, each only where the index has none for its key or an older one
 * (by the record's {@code updated}), atomically on the member owning the key: a member that reloads never puts back
 * a record another member changed after the reload read it. Runs on Hazelcast's partition threads (and again on
 * the backups, with the same outcome); serialized to the owning members.
 */
final class NewerEntries implements EntryProcessor<String, HazelcastJsonValue, Boolean> {

  private static final long serialVersionUID = 1L;
  /** The sealed JSON of each entry (plain strings: what Java serialization carries to the owners). */
  private final HashMap<String, String> entries = new HashMap<>();

  NewerEntries(Map<String, HazelcastJsonValue> offered) {
    offered.forEach((key, value) -> entries.put(key, value.getValue()));
  }

  /** True when the entry was put. */
  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    String offered = entries.get(entry.getKey());
    HazelcastJsonValue current = entry.getValue();
    if (offered == null || current != null && updated(current.getValue()).compareTo(updated(offered)) >= 0) {
      return false;
    }
    entry.setValue(new HazelcastJsonValue(offered));
    return true;
  }

  /** The record's last change, in a form whose string order is time order (JobRecord.sortable); "" if none. */
  private static String updated(String json) {
    try {
      String updated = new JsonObject(json).getString("updated");
      return updated == null ? "" : updated;
    } catch (RuntimeException e) {
      return ""; // not a record: anything read from the store replaces it
    }
  }
}
