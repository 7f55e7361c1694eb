package com.sttgateway.journal;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** Job records for journal tests. */
final class TestRecords {

  private static final AtomicReference<Instant> LAST = new AtomicReference<>(Instant.EPOCH);

  /** The seal test journals use: a key of zeros, as a peer would need to know to forge entries. */
  static final IndexSeal SEAL = new IndexSeal(new byte[32]);

  private TestRecords() {}

  static JobRecord record(JobState state, String tenant, Instant retainUntil) {
    String clientId = UUID.randomUUID().toString();
    String upstreamId = state == JobState.QUEUED || state == JobState.RECEIVED ? null : UUID.randomUUID().toString();
    Instant created = nextCreationTime();
    return new JobRecord(clientId, upstreamId, state, tenant, null, "/instances/abc", "model=en-US_Multimedia",
        Map.of("Content-Type", "audio/wav", "X-Watson-Learning-Opt-Out", "true"), "audio/" + UUID.randomUUID(),
        1234, "ab".repeat(32), created, created, 1,
        new JsonObject().put("id", clientId).put("status", state.json()), retainUntil,
        List.of(new JobRecord.HistoryEntry(created, "received", "POST from 127.0.0.1")), null);
  }

  /** Now, to the millisecond, but always after the previous record's: "oldest first" is then unambiguous. */
  private static Instant nextCreationTime() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return LAST.updateAndGet(last -> now.isAfter(last) ? now : last.plusMillis(1));
  }

  static JobRecord record(JobState state) {
    return record(state, "tenant-a", null);
  }
}
