package com.sttgateway.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * One job as the operator's queries see it ({@link JobSummaries}): what a {@link JobFilter} tests and where the job
 * stands in creation order (creation time, then client id, which is also the pages' cursor). Times are nanoseconds
 * since the epoch. Read from an index entry's JSON without building its tree; whether the entry's seal verifies is
 * checked when the page reads the records themselves. Immutable; any thread.
 */
record JobSummary(long created, String clientId, JobState state, String tenant, long updated, int attempts,
    String query, Object upstreamKey, int partition) implements Comparable<JobSummary>, Serializable {

  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();
  private static final Comparator<JobSummary> ORDER =
      Comparator.comparingLong(JobSummary::created).thenComparing(JobSummary::clientId);

  /** Where a job created at {@code created} with {@code clientId} stands, for searching the order. */
  static JobSummary position(Instant created, String clientId) {
    return new JobSummary(nanos(created), clientId, null, null, 0, 0, null, null, -1);
  }

  /**
   * What {@link JobSummaries} looks an upstream id up by: a {@link UUID} when the id is one in its canonical form
   * (as the upstream's are: 32 bytes of heap rather than 80 for the string), the id itself otherwise.
   */
  static Object upstreamKey(String upstreamId) {
    if (upstreamId == null || upstreamId.length() != 36) {
      return upstreamId;
    }
    try {
      UUID uuid = UUID.fromString(upstreamId);
      return uuid.toString().equals(upstreamId) ? uuid : upstreamId;
    } catch (IllegalArgumentException e) {
      return upstreamId;
    }
  }

  @Override
  public int compareTo(JobSummary o) {
    return ORDER.compare(this, o);
  }

  Instant createdAt() {
    return instant(created);
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  /**
   * The summary of the stored index entry {@code entry} of {@code key} in {@code partition}; null when there is
   * none, or it is not a job record (no state or creation time it can read): such an entry is in no page.
   */
  static JobSummary of(String key, byte[] entry, int partition) {
    String json = EntryCodec.unpack(entry);
    if (json == null) {
      return null;
    }
    String state = null;
    String tenant = null;
    String created = null;
    String updated = null;
    String query = null;
    String upstreamId = null;
    int attempts = 0;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "state" -> state = p.getValueAsString();
          case "tenant" -> tenant = p.getValueAsString();
          case "upstreamId" -> upstreamId = p.getValueAsString();
          case "created" -> created = p.getValueAsString();
          case "updated" -> updated = p.getValueAsString();
          case "attempts" -> attempts = p.getValueAsInt();
          case "request" -> query = value == JsonToken.START_OBJECT ? queryOf(p) : null;
          default -> p.skipChildren();
        }
      }
      JobState s = state == null ? null : JobState.fromJson(state);
      if (s == null || created == null) {
        return null;
      }
      return new JobSummary(nanos(Instant.parse(created)), key, s, tenant == null ? null : tenant.intern(),
          updated == null ? 0 : nanos(Instant.parse(updated)), attempts, query == null || !query.isEmpty() ? query : "",
          upstreamKey(upstreamId), partition); // one shared "" for the many jobs without a query string
    } catch (IOException | RuntimeException e) {
      return null; // not a record of this gateway's (or not JSON): in no page, as the class says
    }
  }

  /** The {@code query} of the request object the parser is at the start of; the parser ends after the object. */
  private static String queryOf(JsonParser p) throws IOException {
    String query = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals("query")) {
        query = p.getValueAsString();
      } else {
        p.skipChildren();
      }
    }
    return query;
  }
}
