package com.sttgateway.journal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One write of a job's index entry, run by Hazelcast on the member owning the key, on its partition's thread: it
 * changes the entry (always, only while it still holds what the writer read, or only where there is none) and that
 * member's {@link JobSummaries} with it, so the journal's queries see the write as soon as it completes. Backups
 * take the value alone. Answers whether it wrote.
 */
final class IndexWrite implements EntryProcessor<String, byte[], Boolean>, HazelcastInstanceAware {

  private static final long serialVersionUID = 1L;

  private enum When { ALWAYS, IF_EQUAL, IF_ABSENT }

  private final When when;
  private final byte[] expected;
  /** Null: remove the entry. */
  private final byte[] value;
  private transient HazelcastInstance hazelcast;

  private IndexWrite(When when, byte[] expected, byte[] value) {
    this.when = when;
    this.expected = expected;
    this.value = value;
  }

  /** Puts {@code value} (null: removes the entry). */
  static IndexWrite put(byte[] value) {
    return new IndexWrite(When.ALWAYS, null, value);
  }

  /** Puts {@code value} (null: removes the entry) if the entry is still {@code expected}. */
  static IndexWrite replace(byte[] expected, byte[] value) {
    return new IndexWrite(When.IF_EQUAL, Objects.requireNonNull(expected, "expected"), value);
  }

  /** Puts {@code value} if there is no entry. */
  static IndexWrite putIfAbsent(byte[] value) {
    return new IndexWrite(When.IF_ABSENT, null, Objects.requireNonNull(value, "value"));
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.hazelcast = instance;
  }

  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    byte[] current = entry.getValue();
    boolean write = switch (when) {
      case ALWAYS -> true;
      case IF_EQUAL -> Arrays.equals(expected, current);
      case IF_ABSENT -> current == null;
    };
    if (write) {
      entry.setValue(value);
      summaries(hazelcast).changed(entry.getKey(), current, value);
    }
    return write;
  }

  @Override
  public EntryProcessor<String, byte[], Boolean> getBackupProcessor() {
    return new Backup(value);
  }

  /** The summaries of the member a processor runs on (injected by Hazelcast as it runs it). */
  static JobSummaries summaries(HazelcastInstance hazelcast) {
    if (hazelcast == null) {
      throw new IllegalStateException("an index write runs on a Hazelcast member only");
    }
    return JobSummaries.of(hazelcast, hazelcast.getMap(JobJournal.MAP));
  }

  /** What a backup replica does once the owner wrote: take the value. */
  private record Backup(byte[] value) implements EntryProcessor<String, byte[], Boolean> {
    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
      entry.setValue(value);
      return true;
    }
  }
}
