package com.sttgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.SlowStore;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serve at once: with a journal whose index takes a while to rebuild (a store that answers record reads late),
 * both ports answer before the index is complete, an unindexed job's status comes from its stored record, and
 * recovery waits for the complete index.
 */
@ExtendWith(VertxExtension.class)
class ServeWhileIndexingTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final int FILLERS = 600;
  private static final String FILLER = "0-filler-"; // listed (and so loaded) before any UUID-named job

  @TempDir Path dataDir;
  private EmbeddedS3 s3;
  private Simulator simulator;
  private Gateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close().await();
    }
    if (simulator != null) {
      simulator.close().await();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // two starts and a deliberately slow rebuild on a shared machine
  void bothPortsAnswerAndAnUnindexedJobsStatusComesFromTheStoreBeforeTheIndexIsComplete(Vertx vertx)
      throws Exception {
    s3 = EmbeddedS3.start(dataDir.resolve("s3"));
    simulator = Simulator.start(vertx, SimulatorOptions.defaults().withWaiting(Duration.ofMinutes(10))).await();
    WebClient web = WebClient.create(vertx);
    gateway = start(vertx, s3.endpoint());
    String earlier = submit(web, 1).getString("id"); // journaled by an earlier run, still waiting upstream
    gateway.close().await();
    fill(dataDir.resolve("s3").resolve("stt-gateway").resolve("jobs"));
    SlowStore slow = SlowStore.start(vertx, URI.create(s3.endpoint()).getPort(), p -> p.contains("/jobs/" + FILLER));

    gateway = start(vertx, slow.endpoint());
    JsonObject index = ready(web).getJsonObject("checks").getJsonObject("jobIndex");
    assertThat(index.getBoolean("complete")).isFalse();

    assertThat(get(web, "/v1/models").statusCode()).isEqualTo(200); // passthrough
    String fresh = submit(web, 2).getString("id");
    assertThat(get(web, "/v1/recognitions/" + fresh).bodyAsJsonObject().getString("id")).isEqualTo(fresh);
    assertThat(gateway.journal().get(earlier).await()).isNull(); // not indexed yet...
    HttpResponse<Buffer> status = get(web, "/v1/recognitions/" + earlier); // ...answered from its stored record
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.bodyAsJsonObject().getString("id")).isEqualTo(earlier);
    assertThat(status.bodyAsJsonObject().getString("status")).isEqualTo("waiting");
    HttpResponse<Buffer> page = admin(web, "/ops/jobs");
    assertThat(page.bodyAsJsonObject().getBoolean("indexComplete")).isFalse();
    assertThat(page.getHeader("Warning")).contains("job index incomplete");
    assertThat(admin(web, "/recovery").bodyAsJsonObject().getString("state")).isEqualTo("never run");
    index = ready(web).getJsonObject("checks").getJsonObject("jobIndex");
    assertThat(index.getBoolean("complete")).as("all of the above happened before the index was complete")
        .isFalse();
    assertThat(index.getInteger("loaded")).isLessThan(FILLERS);

    slow.release();
    await().atMost(Duration.ofMinutes(2)).until(() ->
        ready(web).getJsonObject("checks").getJsonObject("jobIndex").getBoolean("complete"));
    index = ready(web).getJsonObject("checks").getJsonObject("jobIndex");
    assertThat(index.getInteger("loaded")).isEqualTo(index.getInteger("total")).isGreaterThan(FILLERS);
    assertThat(gateway.journal().get(earlier).await().state()).isEqualTo(JobState.SUBMITTED);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        !"never run".equals(admin(web, "/recovery").bodyAsJsonObject().getString("state")));
  }

  private Gateway start(Vertx vertx, String storeEndpoint) {
    Gateway started = Gateway.start(vertx, TestGateway.config(dataDir.resolve("gw"), Map.of(
        "GATEWAY_UPSTREAM_URL", simulator.baseUrl(),
        "GATEWAY_OBJECT_STORE_ENDPOINT", storeEndpoint,
        "GATEWAY_OBJECT_STORE_ACCESS_KEY", s3.accessKey(),
        "GATEWAY_OBJECT_STORE_SECRET_KEY", s3.secretKey(),
        "GATEWAY_ENCRYPTION_KEY", KEY))).await();
    // on a loaded machine the first probe can time out: submissions would then be refused, not journaled
    await().atMost(Duration.ofSeconds(30)).until(() -> started.health().state() == UpstreamState.UP);
    return started;
  }

  /** Retrieved jobs written straight into the store's folder, as an earlier run would have journaled them. */
  private static void fill(Path jobs) throws Exception {
    Instant now = Instant.now();
    for (int i = 0; i < FILLERS; i++) {
      String id = FILLER + i;
      JobRecord r = new JobRecord(id, "up-" + i, JobState.RETRIEVED, "tenant", null, "", "",
          Map.of("Content-Type", "audio/wav"), "audio/" + id, 100, "ab".repeat(32), now, now, 1,
          new JsonObject().put("id", id).put("status", "completed"), now.plus(Duration.ofDays(1)),
          List.of(new JobRecord.HistoryEntry(now, "retrieved", "test fill")), null);
      Files.createDirectories(jobs.resolve(id));
      Files.writeString(jobs.resolve(id).resolve("record.json"), r.toJson().encode());
    }
  }

  private JsonObject submit(WebClient web, long seed) {
    HttpResponse<Buffer> created = web.postAbs(url("/v1/recognitions")).putHeader("Authorization", TestGateway.AUTH)
        .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer(JournaledSubmitTest.audio(2_000, seed)))
        .await();
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> get(WebClient web, String path) {
    return web.getAbs(url(path)).putHeader("Authorization", TestGateway.AUTH).send().await();
  }

  private HttpResponse<Buffer> admin(WebClient web, String path) {
    return web.getAbs("http://127.0.0.1:" + gateway.adminPort() + path).send().await();
  }

  private JsonObject ready(WebClient web) {
    return admin(web, "/health/ready").bodyAsJsonObject();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }
}
