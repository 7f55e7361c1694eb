package com.sttgateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The relay endpoint is unauthenticated until the signature is checked, so it must not buffer a large body. */
@ExtendWith(VertxExtension.class)
class RelayBodyLimitTest {

  private static final long GIVE_UP_AFTER = 64L * 1024 * 1024;

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aChunkedNotificationPastOneMebibyteIsAnswered413AndTheConnectionClosed(Vertx vertx) throws Exception {
    env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of());
    AtomicLong sent = new AtomicLong();
    try (Socket socket = new Socket("127.0.0.1", env.gateway.port())) {
      socket.setSoTimeout(20_000);
      CompletableFuture.runAsync(() -> sendEndlessChunks(socket, sent));

      String response = readUntilClosed(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 413 ");
      JsonObject error = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
      assertThat(error.getInteger("code")).isEqualTo(413);
      assertThat(error.getString("code_description")).isEqualTo("Request Entity Too Large");
      assertThat(error.getString("error")).contains("at most");
      assertThat(sent.get()).isLessThan(GIVE_UP_AFTER);
    }
  }

  @Test
  void aRelayCallWithABrokenQueryIsAnswered400(Vertx vertx) throws Exception {
    env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of());
    try (Socket socket = new Socket("127.0.0.1", env.gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + RelayRegistrar.PATH + "?challenge_string=%zz HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

      String response = readUntilClosed(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 400 ");
      assertThat(new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getInteger("code"))
          .isEqualTo(400);
    }
  }

  /** A chunked POST whose body never ends: 64 KiB chunks until the socket fails or 64 MiB went out. */
  private static void sendEndlessChunks(Socket socket, AtomicLong sent) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + RelayRegistrar.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      while (sent.get() < GIVE_UP_AFTER) {
        out.write(head);
        out.write(chunk);
        out.write(new byte[] {'\r', '\n'});
        sent.addAndGet(chunk.length);
      }
    } catch (IOException closedByTheGateway) {
      // expected once the gateway answered and closed the connection
    }
  }

  /** Everything the gateway sends until it closes the connection (fails on the read timeout instead). */
  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a reset after the answer (our unread chunks) still counts as closed
    }
    return got.toString(StandardCharsets.UTF_8);
  }
}
