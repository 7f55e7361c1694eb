package com.sttgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Content-Type the object store would not take (empty, not ASCII) is the client's business, not a journal
 * outage: the simulator accepts such a job, so the gateway journals it (the object as application/octet-stream)
 * and keeps the client's header for the resubmission.
 */
@ExtendWith(VertxExtension.class)
class SubmitContentTypeTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private NetClient net;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    net = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    net.close().await();
    env.close();
  }

  @Test
  void anEmptyContentTypeIsJournaledNotAnswered503() {
    assertJournaledWith("");
  }

  @Test
  void aNonAsciiContentTypeIsJournaledNotAnswered503() {
    assertJournaledWith("audio/wav; name=\u00e9t\u00e9");
  }

  private void assertJournaledWith(String contentType) {
    byte[] audio = JournaledSubmitTest.audio(50_000, 5);
    String response = rawPost(contentType, audio);
    assertThat(response).startsWith("HTTP/1.1 201");
    String id = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getString("id");
    JobRecord record = env.gateway.journal().get(id).await();
    assertThat(record.state()).isEqualTo(JobState.SUBMITTED);
    assertThat(record.headers().get("Content-Type")).isEqualTo(contentType);
    assertThat(record.audioBytes()).isEqualTo(audio.length);
    assertThat(env.gateway.store().stat(record.audioKey()).await().contentType())
        .isEqualTo("application/octet-stream");
    try (InputStream stored = env.gateway.store().open(record.audioKey()).await()) {
      assertThat(stored.readAllBytes()).isEqualTo(audio);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Raw bytes, so the header reaches the gateway exactly as given (ISO-8859-1 on the wire). */
  private String rawPost(String contentType, byte[] body) {
    NetSocket socket = net.connect(env.gateway.port(), "127.0.0.1").await();
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    String head = "POST /v1/recognitions HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestGateway.AUTH
        + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    socket.write(Buffer.buffer(head.getBytes(StandardCharsets.ISO_8859_1)).appendBytes(body)).await();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      return end > 0 && text.indexOf('}', end) > 0;
    });
    socket.close();
    return received.toString(StandardCharsets.ISO_8859_1);
  }
}
