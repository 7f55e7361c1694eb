package com.sttgateway.journal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts index entries read from the object store, each only where the index has none for its key or an older one
 * (by the record's {@code updated}), atomically on the member owning the key: a member that reloads never puts back
 * a record another member changed after the reload read it. Runs on Hazelcast's partition threads, where it
 * updates the owner's {@link JobSummaries} as {@link IndexWrite} does (and again on the backups, with the same
 * outcome, the summaries left alone); serialized to the owning members.
 */
final class NewerEntries implements EntryProcessor<String, byte[], Boolean>, HazelcastInstanceAware {

  private static final long serialVersionUID = 1L;
  /** The stored form of each entry ({@link EntryCodec}). */
  private final HashMap<String, byte[]> entries;
  private final boolean owner;
  private transient HazelcastInstance hazelcast;

  NewerEntries(Map<String, byte[]> offered) {
    this.entries = new HashMap<>(offered);
    this.owner = true;
  }

  private NewerEntries(NewerEntries primary) {
    this.entries = primary.entries;
    this.owner = false;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.hazelcast = instance;
  }

  @Override
  public EntryProcessor<String, byte[], Boolean> getBackupProcessor() {
    return owner ? new NewerEntries(this) : null;
  }

  /** True when the entry was put. */
  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    byte[] offered = entries.get(entry.getKey());
    byte[] current = entry.getValue();
    if (offered == null || current != null && updated(current).compareTo(updated(offered)) >= 0) {
      return false;
    }
    entry.setValue(offered);
    if (owner) {
      IndexWrite.summaries(hazelcast).changed(entry.getKey(), current, offered);
    }
    return true;
  }

  /** The record's last change, in a form whose string order is time order (JobRecord.sortable); "" if none. */
  private static String updated(byte[] entry) {
    try {
      String updated = new JsonObject(EntryCodec.unpack(entry)).getString("updated");
      return updated == null ? "" : updated;
    } catch (RuntimeException e) {
      return ""; // not a record: anything read from the store replaces it
    }
  }
}
