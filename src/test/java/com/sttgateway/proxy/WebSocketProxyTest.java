package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sttgateway.TestGateway;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket {@code /v1/recognize} through the gateway: text and binary frames, results, close codes. */
@ExtendWith(VertxExtension.class)
class WebSocketProxyTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private WebSocketClient client;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() {
    client.close().await();
    env.close();
  }

  @Test
  void relaysTextAndBinaryFramesAndTheCloseCode() throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    Promise<Short> closed = Promise.promise();
    Promise<Void> finalResult = Promise.promise();
    WebSocket ws = client.connect(options().addHeader("Authorization", TestGateway.AUTH)).await();
    ws.textMessageHandler(text -> {
      messages.add(text);
      if (text.contains("\"results\"")) {
        finalResult.tryComplete();
      }
    });
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));

    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    ws.writeTextMessage(new JsonObject().put("action", "start").put("content-type", "audio/wav").encode()).await();
    for (int i = 0; i < 20; i++) {
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) i);
      digest.update(chunk);
      ws.writeBinaryMessage(Buffer.buffer(chunk)).await();
    }
    ws.writeTextMessage(new JsonObject().put("action", "stop").encode()).await();
    finalResult.future().await();
    ws.close((short) 4001, "client done").await();

    assertThat(messages.get(0)).contains("listening");
    String transcript = messages.stream().filter(m -> m.contains("\"results\"")).findFirst().map(JsonObject::new)
        .orElseThrow().getJsonArray("results").getJsonObject(0).getJsonArray("alternatives").getJsonObject(0)
        .getString("transcript");
    assertThat(transcript).isEqualTo("sha256:" + HexFormat.of().formatHex(digest.digest()));
    assertThat(closed.future().await()).isEqualTo((short) 4001);
  }

  @Test
  void anUpstreamRefusalReachesTheClientWithItsStatus() {
    assertThatThrownBy(() -> client.connect(options()).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
  }

  private WebSocketConnectOptions options() {
    WebSocketConnectOptions options = new WebSocketConnectOptions();
    options.setHost("127.0.0.1").setPort(env.gateway.port()).setURI("/v1/recognize?model=en-US_BroadbandModel");
    return options;
  }
}
