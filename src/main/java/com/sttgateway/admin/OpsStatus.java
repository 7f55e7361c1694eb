package com.sttgateway.admin;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobSearch;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.recovery.RecoveryRunner;
import com.sttgateway.upstream.UpstreamHealth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /ops/status}: the upstream, jobs per state, the oldest unfinished job, the last recovery run, the
 * cluster's members and the object store, in one answer. Counts are kept as the index changes (JobSummaries); the
 * oldest unfinished job and the object store check are at most about a second old ({@link Recent}), so a status
 * costs no store round trip and no index query. Event loop; the journal queries run on workers.
 */
final class OpsStatus {

  /** How old the object store check and the oldest unfinished job may be: a dashboard polls; nobody waits on them. */
  private static final Duration RECENT = Duration.ofSeconds(1);

  private final JobSearch search;
  private final ObjectStore store;
  private final HazelcastInstance hazelcast;
  private final UpstreamHealth upstream;
  private final RecoveryRunner recovery;
  private final Recent<JobRecord> oldest;
  private final Recent<String> storeCheck;

  OpsStatus(JobSearch search, ObjectStore store, HazelcastInstance hazelcast, UpstreamHealth upstream,
      RecoveryRunner recovery) {
    this.search = search;
    this.store = store;
    this.hazelcast = hazelcast;
    this.upstream = upstream;
    this.recovery = recovery;
    this.oldest = new Recent<>(RECENT, search::oldestUnfinished);
    this.storeCheck = new Recent<>(RECENT, () -> store.ping().map("UP").otherwise(err -> "DOWN: " + err.getMessage()));
  }

  void mount(Router router) {
    router.get("/ops/status").handler(ctx -> Ops.respond(ctx, 200, status()));
  }

  Future<JsonObject> status() {
    Future<Map<JobState, Long>> counts = search.countByState();
    Future<JobRecord> oldest = this.oldest.get();
    Future<String> storeCheck = this.storeCheck.get();
    return Future.all(counts, oldest, storeCheck).map(all -> {
      JsonObject jobs = new JsonObject();
      long unfinished = 0;
      for (Map.Entry<JobState, Long> e : counts.result().entrySet()) {
        jobs.put(e.getKey().json(), e.getValue());
        unfinished += e.getKey().unfinished() ? e.getValue() : 0;
      }
      return new JsonObject()
          .put("upstream", upstream.describe())
          .put("jobs", jobs)
          .put("unfinished", unfinished)
          .put("oldestUnfinished", oldest(oldest.result()))
          .put("recovery", recovery.lastRun())
          .put("cluster", new JsonObject().put("members", members()))
          .put("objectStore", new JsonObject().put("endpoint", store.endpoint()).put("bucket", store.bucket())
              .put("status", storeCheck.result()));
    });
  }

  private static JsonObject oldest(JobRecord r) {
    return r == null ? null : new JsonObject().put("id", r.clientId()).put("state", r.state().json())
        .put("created", r.created().toString())
        .put("ageSeconds", Math.max(0, Duration.between(r.created(), Instant.now()).toSeconds()));
  }

  private JsonArray members() {
    JsonArray members = new JsonArray();
    for (Member m : hazelcast.getCluster().getMembers()) {
      members.add(new JsonObject().put("address", m.getAddress().getHost() + ":" + m.getAddress().getPort())
          .put("local", m.localMember()));
    }
    return members;
  }
}
