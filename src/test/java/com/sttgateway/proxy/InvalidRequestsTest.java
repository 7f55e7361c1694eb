package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Requests Netty cannot parse, and clients that leave: answered in the error shape, and not logged as SEVERE. */
@ExtendWith(VertxExtension.class)
class InvalidRequestsTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private final List<LogRecord> severe = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
        severe.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(capture);
    env.close();
  }

  @Test
  void unparsableRequestsAreAnsweredInTheErrorShapeOnBothPorts() throws IOException {
    for (int port : new int[] {env.gateway.port(), env.gateway.adminPort()}) {
      assertError(exchange(port, "GET /v1/models?" + "q".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
      assertError(exchange(port, "GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(100_000)
          + "\r\n\r\n"), 431);
      assertError(exchange(port, "GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), 400);
      assertError(exchange(port, "\u0001\u0002 nonsense\r\n\r\n"), 400);
    }
  }

  @Test
  void aBodyThatBreaksChunkedFramingIsAnswered400OnEveryKindOfRoute() throws IOException {
    String head = "Host: x\r\nAuthorization: " + TestGateway.AUTH
        + "\r\nContent-Type: audio/wav\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (String line : new String[] {"POST /v1/recognize", "POST /v1/recognitions", "POST /v1/register_callback",
        "POST /v1/customizations/x/corpora/c"}) {
      assertError(exchange(env.gateway.port(), line + " HTTP/1.1\r\n" + head + "5\r\nhello\r\nzz\r\nabc\r\n"),
          400);
      assertError(exchange(env.gateway.port(), line + " HTTP/1.1\r\n" + head + "zz\r\nabc\r\n"), 400);
    }
    assertThat(severe).extracting(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown()).isEmpty();
  }

  @Test
  void clientsThatLeaveMidRequestAreNotLoggedAsSevere() throws IOException {
    for (int i = 0; i < 20; i++) {
      abort(env.gateway.port(), "GET /v1/mod");
      abort(env.gateway.port(), "GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthori");
      abort(env.gateway.port(), "POST /v1/recognitions HTTP/1.1\r\nHost: x\r\nAuthorization: " + TestGateway.AUTH
          + "\r\nContent-Type: audio/wav\r\nContent-Length: 100000\r\n\r\n" + "a".repeat(5_000));
      abort(env.gateway.port(), "POST /v1/recognize HTTP/1.1\r\nHost: x\r\nAuthorization: " + TestGateway.AUTH
          + "\r\nContent-Type: audio/wav\r\nContent-Length: 100000\r\n\r\n" + "a".repeat(5_000));
      abort(env.gateway.port(), "POST /v1/recognize HTTP/1.1\r\nHost: x\r\nAuthorization: " + TestGateway.AUTH
          + "\r\nContent-Type: audio/wav\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
      abort(env.gateway.port(), "GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: " + TestGateway.AUTH
          + "\r\n\r\n");
    }
    // A request on a fresh connection after all of them: once it is answered, the aborts were handled.
    assertThat(exchange(env.gateway.port(), "GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + TestGateway.AUTH + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");

    assertThat(severe).extracting(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown()).isEmpty();
  }

  @Test
  void aWebSocketUpgradeWithABrokenQueryIsAnswered400AndNotLoggedAsSevere() throws IOException {
    String answer = exchange(env.gateway.port(), "GET /v1/recognize?model=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + TestGateway.AUTH + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

    assertError(answer, 400);
    assertThat(severe).extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
  }

  private static void assertError(String response, int status) {
    assertThat(response).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    JsonObject body = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(body.getInteger("code")).isEqualTo(status);
    assertThat(body.getString("code_description")).isNotBlank();
    assertThat(body.getString("error")).isNotBlank();
  }

  /** Sends {@code raw} and reads until the server closes the connection. */
  private static String exchange(int port, String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      try {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      } catch (java.net.SocketException answeredEarly) {
        // the server may answer and close before reading the whole request (414, 431): "Broken pipe" here,
        // and the answer is still in the socket's receive buffer
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // the server may reset after answering (unread request bytes)
      } catch (java.net.SocketTimeoutException keptAlive) {
        // answered on a kept-alive connection: what arrived is the answer
      }
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  /** Sends {@code raw}, then resets the connection (SO_LINGER 0) without waiting for an answer. */
  private static void abort(int port, String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoLinger(true, 0);
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
