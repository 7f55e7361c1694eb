package com.sttgateway.jobs;

import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET .../v1/recognitions}: the upstream's list, ids translated, plus the caller's queued jobs. Event loop. */
record ListHandler(UpstreamCalls upstream, JobJournal journal, UpstreamHealth health) {

  Future<Boolean> list(HttpServerRequest request, JobRoute route) {
    Unindexed.warnIfIncomplete(journal, request);
    if (health.state() == UpstreamState.DOWN) {
      return journal.findByTenant(Tenant.of(request), JobState.unfinishedStates()).map(mine -> {
        JsonArray jobs = new JsonArray();
        mine.forEach(r -> jobs.add(JobAnswers.statusOnly(r.lastStatus()).put("id", r.clientId())));
        JobAnswers.send(request, new JsonObject().put("recognitions", jobs));
        return true;
      });
    }
    return upstream.send(request, HttpMethod.GET, route.upstreamBase() + "/v1/recognitions").compose(reply -> {
      if (reply.status() != 200) {
        return JobAnswers.relay(request, reply).map(true);
      }
      JsonArray jobs = reply.json().getJsonArray("recognitions", new JsonArray());
      List<String> upstreamIds = new ArrayList<>();
      jobs.forEach(job -> upstreamIds.add(((JsonObject) job).getString("id")));
      return journal.findByUpstreamIds(upstreamIds)
          .map(known -> {
            Map<String, JobRecord> byUpstreamId = new HashMap<>();
            known.forEach(r -> byUpstreamId.put(r.upstreamId(), r));
            jobs.forEach(item -> {
              JsonObject job = (JsonObject) item;
              JobRecord r = byUpstreamId.get(job.getString("id"));
              if (r != null) {
                job.put("id", r.clientId());
                JobAnswers.clientToken(job, r);
              }
            });
            return null;
          })
          .compose(v -> journal.findByTenant(Tenant.of(request), Set.of(JobState.QUEUED)))
          .map(queued -> {
            queued.forEach(r -> jobs.add(r.lastStatus().copy().put("id", r.clientId())));
            reply.relay(request.response(), new JsonObject().put("recognitions", jobs).toBuffer());
            return true;
          });
    });
  }

}
