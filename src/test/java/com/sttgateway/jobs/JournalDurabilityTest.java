package com.sttgateway.jobs;

import static com.sttgateway.jobs.JournaledSubmitTest.audio;
import static com.sttgateway.jobs.JournaledSubmitTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal against an external S3 endpoint that the test can stop, as MinIO would go down: fail closed,
 * nothing left by aborted uploads, and a restarted gateway that still knows every unfinished job.
 */
@ExtendWith(VertxExtension.class)
class JournalDurabilityTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path dataDir;
  private EmbeddedS3 s3;
  private Simulator simulator;
  private Gateway gateway;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    s3 = EmbeddedS3.start(dataDir.resolve("s3"));
    simulator = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    gateway = startGateway(vertx);
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close().await();
    }
    simulator.close().await();
    s3.close();
  }

  private Gateway startGateway(Vertx vertx) {
    return Gateway.start(vertx, TestGateway.config(dataDir.resolve("gw"), Map.of(
        "GATEWAY_UPSTREAM_URL", simulator.baseUrl(),
        "GATEWAY_OBJECT_STORE_ENDPOINT", s3.endpoint(),
        "GATEWAY_OBJECT_STORE_ACCESS_KEY", s3.accessKey(),
        "GATEWAY_OBJECT_STORE_SECRET_KEY", s3.secretKey(),
        "GATEWAY_ENCRYPTION_KEY", KEY))).await();
  }

  @Test
  void objectStoreDownAnswers503AndLeavesNoJobUpstream() throws Exception {
    s3.close();
    HttpResponse<Buffer> response = submit(Buffer.buffer(audio(50_000, 1)), "audio/wav", null);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isNotNull();
    assertThat(response.bodyAsJsonObject().getInteger("code")).isEqualTo(503);
    assertThat(simulator.stats().jobsKnown()).isZero();
  }

  @Test
  void aClientAbortMidUploadLeavesNothingAnywhere(Vertx vertx) throws Exception {
    NetClient net = vertx.createNetClient(); // kept reachable to the end: see SimulatorFaultsTest
    NetSocket socket = net.connect(gateway.port(), "127.0.0.1").await();
    socket.write("POST /v1/recognitions HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestGateway.AUTH
        + "\r\nContent-Type: audio/wav\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n" + "a".repeat(0x10000)
        + "\r\n").await();
    vertx.timer(500).await(); // the upload is under way on both sides
    socket.close().await();

    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() ->
        gateway.store().list("").await().isEmpty() && gateway.journal().findByState(
            java.util.EnumSet.allOf(JobState.class)).await().isEmpty() && simulator.stats().jobsCreated() == 0);
    assertThat(gateway.store().abortIncompleteUploads("", java.time.Instant.now().plusSeconds(60)).await()).isZero();
    net.close().await();
  }

  @Test
  void chunkedAndContentLengthUploadsAndGzipAreJournaledAsReceived() throws Exception {
    byte[] plain = audio(30_000, 2);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(plain);
    }
    String withLength = submit(Buffer.buffer(plain), "audio/wav", null).bodyAsJsonObject().getString("id");
    String gzipped = submit(Buffer.buffer(zipped.toByteArray()), "audio/wav", "gzip").bodyAsJsonObject()
        .getString("id");

    JobRecord gz = gateway.journal().get(gzipped).await();
    assertThat(gz.headers()).containsEntry("Content-Encoding", "gzip");
    try (InputStream stored = gateway.store().open(gz.audioKey()).await()) {
      assertThat(stored.readAllBytes()).isEqualTo(zipped.toByteArray());
    }
    assertThat(gateway.journal().get(withLength).await().audioSha256()).isEqualTo(sha256(plain));
    // The upstream decoded the gzip body: its transcript is the hash of the plain audio.
    JsonObject done = await().atMost(Duration.ofSeconds(10)).until(() -> web.getAbs(url("/v1/recognitions/"
        + gzipped)).putHeader("Authorization", TestGateway.AUTH).send().await().bodyAsJsonObject(),
        j -> "completed".equals(j.getString("status")));
    assertThat(done.encode()).contains("sha256:" + sha256(plain));
  }

  @Test
  void aRestartedGatewayStillKnowsEveryUnfinishedJob(Vertx vertx) throws Exception {
    TestGateway.vouch(url(""));
    String submitted = submit(Buffer.buffer(audio(2_000, 4)), "audio/wav", null).bodyAsJsonObject().getString("id");
    // The upstream stays down from here on: once it came back, either gateway's recovery would resubmit the queued
    // job (at once on DOWN to UP, or when the index is complete), racing the assertions below.
    simulator.goDown(com.sttgateway.simulator.DownMode.REFUSE).await();
    String queued = submit(Buffer.buffer(audio(2_000, 3)), "audio/wav", null).bodyAsJsonObject().getString("id");
    gateway.close().await();

    Vertx second = Vertx.vertx();
    try {
      gateway = startGateway(second);
      gateway.journal().index().whenComplete().await(); // the index is rebuilt while the gateway serves
      assertThat(gateway.journal().get(queued).await().state()).isEqualTo(JobState.QUEUED);
      assertThat(gateway.journal().get(submitted).await().state()).isEqualTo(JobState.SUBMITTED);
      HttpResponse<Buffer> polled = web.getAbs(url("/v1/recognitions/" + queued))
          .putHeader("Authorization", TestGateway.AUTH).send().await();
      assertThat(polled.bodyAsJsonObject().getString("status")).isEqualTo("waiting");
    } finally {
      gateway.close().await();
      gateway = null;
      second.close().await();
    }
  }

  private HttpResponse<Buffer> submit(Buffer body, String type, String encoding) {
    var request = web.postAbs(url("/v1/recognitions")).putHeader("Authorization", TestGateway.AUTH)
        .putHeader("Content-Type", type);
    if (encoding != null) {
      request.putHeader("Content-Encoding", encoding);
    }
    return request.sendBuffer(body).await();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }
}
