package com.sttgateway.jobs;

import static com.sttgateway.jobs.JournaledSubmitTest.audio;
import static com.sttgateway.jobs.JournaledSubmitTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's fast path: a submitted body is written as a file into the store's folder, not through its
 * S3 server, and keeps the same promises: read back through S3 with its headers, nothing left by an abort, 503 and
 * no job upstream when the folder cannot be written.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedJournalFilesTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    web = WebClient.create(vertx);
    assertThat(env.gateway.store().writesFiles()).isTrue();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aBodyBecomesAFileOfTheStoreReadBackThroughS3WithItsHeaders() throws Exception {
    byte[] body = audio(3_000_000, 7);
    HttpResponse<Buffer> created = submit(Buffer.buffer(body), "audio/ogg;codecs=opus", "identity");
    assertThat(created.statusCode()).isEqualTo(201);

    JobRecord record = env.gateway.journal().get(created.bodyAsJsonObject().getString("id")).await();
    assertThat(record.audioSha256()).isEqualTo(sha256(body));
    assertThat(record.audioBytes()).isEqualTo(body.length);
    Path file = dataDir.resolve("objects").resolve(env.gateway.store().bucket()).resolve(record.audioKey());
    assertThat(file).hasSize(body.length);
    ObjectStore.ObjectInfo info = env.gateway.store().stat(record.audioKey()).await();
    assertThat(info.size()).isEqualTo(body.length);
    assertThat(info.contentType()).isEqualTo("audio/ogg;codecs=opus");
    assertThat(info.contentEncoding()).isEqualTo("identity");
    try (InputStream stored = env.gateway.store().open(record.audioKey()).await()) {
      assertThat(stored.readAllBytes()).isEqualTo(body);
    }
    assertThat(staged()).isEmpty();
  }

  @Test
  void aFolderThatCannotBeWrittenAnswers503AndLeavesNoJobUpstream() throws Exception {
    Path staging = dataDir.resolve("objects-staging");
    Files.delete(staging);
    Files.writeString(staging, "not a folder"); // every new file in it fails, as a full or broken disk would

    HttpResponse<Buffer> response = submit(Buffer.buffer(audio(200_000, 1)), "audio/wav", null);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isNotNull();
    assertThat(response.bodyAsJsonObject().getInteger("code")).isEqualTo(503);
    assertThat(env.simulator.stats().jobsKnown()).isZero();
    assertThat(env.gateway.store().list("audio/").await()).isEmpty();
  }

  @Test
  void aClientAbortMidUploadLeavesNoFileAnywhere(Vertx vertx) throws Exception {
    NetClient net = vertx.createNetClient();
    NetSocket socket = net.connect(env.gateway.port(), "127.0.0.1").await();
    socket.write("POST /v1/recognitions HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestGateway.AUTH
        + "\r\nContent-Type: audio/wav\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n" + "a".repeat(0x10000)
        + "\r\n").await();
    await().atMost(Duration.ofSeconds(10)).until(() -> !staged().isEmpty()); // the file is being written
    socket.close().await();

    await().atMost(Duration.ofSeconds(10)).until(() -> staged().isEmpty()
        && env.gateway.store().list("").await().isEmpty()
        && env.gateway.journal().findByState(EnumSet.allOf(JobState.class)).await().isEmpty());
    assertThat(env.simulator.stats().jobsCreated()).isZero();
    assertThat(env.gateway.store().abortIncompleteUploads("", Instant.now().plusSeconds(60)).await()).isZero();
    net.close().await();
  }

  /** Files in the making. */
  private List<Path> staged() throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("objects-staging"))) {
      return files.toList();
    }
  }

  private HttpResponse<Buffer> submit(Buffer body, String type, String encoding) {
    var request = web.postAbs(env.url() + "/v1/recognitions").putHeader("Authorization", TestGateway.AUTH)
        .putHeader("Content-Type", type);
    if (encoding != null) {
      request.putHeader("Content-Encoding", encoding);
    }
    return request.sendBuffer(body).await();
  }
}
