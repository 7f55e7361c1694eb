package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A snapshot of what the simulator has seen; immutable. Counters survive {@link Simulator#wipe()} (they describe
 * traffic, not stored data); {@code jobsKnown} and {@code allowlistedCallbacks} describe the data as it is now.
 *
 * @param jobsCreated              jobs answered 201 since start
 * @param jobsCreatedByAudioSha256 the same, per SHA-256 (lowercase hex) of the audio received (finds duplicates)
 * @param callbackRegistrations    register_callback calls answered 201 "created" (not the 200 "already created")
 * @param notificationsSent        notification POSTs attempted, whatever the callback server answered
 * @param throttled                API calls answered 429 by the throttle fault
 * @param allowlistedCallbacks     callback URLs allowlisted now
 * @param jobsKnown                jobs stored now (not deleted, expired or wiped)
 * @param iamTokensIssued          access tokens POST /identity/token issued since start
 * @param customModelsByStatus     custom models stored now, by "language:available" style kind and status
 * @param trainings                custom model trainings since start: "started", "completed", "failed"
 * @param jobChecks                GET /v1/recognitions/{id} calls since start, whatever they answered
 * @param jobLists                 GET /v1/recognitions calls since start
 */
public record SimulatorStats(long jobsCreated, Map<String, Long> jobsCreatedByAudioSha256, long callbackRegistrations,
    long notificationsSent, long throttled, Set<String> allowlistedCallbacks, int jobsKnown,
    long iamTokensIssued, Map<String, Long> customModelsByStatus, Map<String, Long> trainings, long jobChecks,
    long jobLists) {

  public SimulatorStats {
    jobsCreatedByAudioSha256 = Map.copyOf(jobsCreatedByAudioSha256);
    allowlistedCallbacks = Set.copyOf(allowlistedCallbacks);
    customModelsByStatus = Map.copyOf(customModelsByStatus);
    trainings = Map.copyOf(trainings);
  }

  /** JSON with the record's component names as keys (what GET /__sim/stats answers). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("jobsCreated", jobsCreated)
        .put("jobsCreatedByAudioSha256", new JsonObject(new TreeMap<>(jobsCreatedByAudioSha256)))
        .put("callbackRegistrations", callbackRegistrations)
        .put("notificationsSent", notificationsSent)
        .put("throttled", throttled)
        .put("allowlistedCallbacks", new JsonArray(new ArrayList<>(new TreeSet<>(allowlistedCallbacks))))
        .put("jobsKnown", jobsKnown)
        .put("iamTokensIssued", iamTokensIssued)
        .put("customModelsByStatus", new JsonObject(new TreeMap<>(customModelsByStatus)))
        .put("trainings", new JsonObject(new TreeMap<>(trainings)))
        .put("jobChecks", jobChecks)
        .put("jobLists", jobLists);
  }
}
