package com.sttgateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.RecognizeOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognizeWithWebsocketsOptions;
import com.ibm.watson.speech_to_text.v1.model.SpeechRecognitionResults;
import com.ibm.watson.speech_to_text.v1.websocket.BaseRecognizeCallback;
import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS on the client and admin ports, the upstream behind a private CA, certificates reloaded live. */
@ExtendWith(VertxExtension.class)
class TlsTest {

  @TempDir static Path certDir;
  static TestCertificates ca;
  static Path[] server;

  @TempDir Path dataDir;
  private final List<Runnable> closers = new ArrayList<>();

  @BeforeAll
  static void certificates() throws Exception {
    ca = TestCertificates.ca(certDir);
    server = ca.issue("gateway");
  }

  @AfterEach
  void stop() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).run();
    }
  }

  @Test
  void theSdkWorksThroughHttpsAndWssAndTheAdminPortAnswersHttps(Vertx vertx) throws Exception {
    TestGateway env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), Map.of(
        "GATEWAY_TLS_CERT_PATH", server[0].toString(), "GATEWAY_TLS_KEY_PATH", server[1].toString(),
        "GATEWAY_ADMIN_TLS_CERT_PATH", server[0].toString(), "GATEWAY_ADMIN_TLS_KEY_PATH", server[1].toString()));
    closers.add(env::close);
    SpeechToText stt = sdk("https://127.0.0.1:" + env.gateway.port());

    assertThat(stt.listModels().execute().getResult().getModels()).isNotEmpty();
    byte[] audio = audio(200_000, 1);
    assertThat(transcript(stt.recognize(new RecognizeOptions.Builder().audio(new ByteArrayInputStream(audio))
        .contentType("audio/wav").build()).execute().getResult())).isEqualTo("sha256:" + sha256(audio));
    assertThat(wssListening(vertx, env.gateway.port())).contains("listening");

    HttpResponse<String> live = HttpClient.newBuilder().sslContext(ca.sslContext()).build().send(HttpRequest
        .newBuilder(URI.create("https://127.0.0.1:" + env.gateway.adminPort() + "/health/live")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
  }

  @Test
  void theUpstreamBehindAPrivateCaIsReachedWhenUpstreamCaPathNamesIt(Vertx vertx) throws Exception {
    Simulator simulator = Simulator.start(vertx, SimulatorOptions.defaults(), new PemKeyCertOptions()
        .setCertPath(server[0].toString()).setKeyPath(server[1].toString())).await();
    closers.add(() -> simulator.close().await());
    assertThat(simulator.baseUrl()).startsWith("https://");

    Gateway trusting = gateway(vertx, simulator, dataDir.resolve("trusting"), server[0].getParent().resolve("ca.pem"));
    SpeechToText stt = sdk("http://127.0.0.1:" + trusting.port());
    assertThat(stt.listModels().execute().getResult().getModels()).isNotEmpty();
    byte[] audio = audio(50_000, 2);
    assertThat(recognizeOverWebSocket(stt, audio)).isEqualTo("sha256:" + sha256(audio));
    assertThat(trusting.health().state().name()).isEqualTo("UP");

    // Its own port: two gateways on port 0 in one Vertx would share one ephemeral port (Vert.x server sharing).
    Gateway plain = gateway(vertx, simulator, dataDir.resolve("plain"), null);
    HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + plain.port() + "/v1/models")).header("Authorization", TestGateway.AUTH)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).as("without the CA the upstream's certificate is not trusted").isEqualTo(502);
  }

  @Test
  void aCertificateReplacedOnDiskIsServedWithoutARestart(Vertx vertx) throws Exception {
    Path cert = dataDir.resolve("live-chain.pem");
    Path key = dataDir.resolve("live-key.pem");
    Files.copy(server[0], cert);
    Files.copy(server[1], key);
    TestGateway env = TestGateway.start(vertx, dataDir.resolve("data"), SimulatorOptions.defaults(), Map.of(
        "GATEWAY_TLS_CERT_PATH", cert.toString(), "GATEWAY_TLS_KEY_PATH", key.toString(),
        "GATEWAY_TLS_RELOAD_INTERVAL_SECONDS", "1"));
    closers.add(env::close);
    BigInteger first = TestCertificates.first(server[0]).getSerialNumber();
    assertThat(servedSerial(env.gateway.port())).isEqualTo(first);

    Path[] renewed = ca.issue("renewed");
    Files.copy(renewed[1], key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed[0], cert, StandardCopyOption.REPLACE_EXISTING);
    BigInteger second = TestCertificates.first(renewed[0]).getSerialNumber();

    await().atMost(Duration.ofSeconds(15)).until(() -> servedSerial(env.gateway.port()).equals(second));
    assertThat(sdk("https://127.0.0.1:" + env.gateway.port()).listModels().execute().getResult().getModels())
        .isNotEmpty();
  }

  @Test
  void aCertificateWithoutItsKeyOrAnUnreadableFileIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> TestGateway.config(dataDir, Map.of("GATEWAY_TLS_CERT_PATH", server[0].toString())))
        .hasMessageContaining("server.tls.certPath").hasMessageContaining("server.tls.keyPath");
    assertThatThrownBy(() -> TestGateway.config(dataDir, Map.of("GATEWAY_UPSTREAM_CA_PATH", "/no/such/ca.pem")))
        .hasMessageContaining("upstream.caPath").hasMessageContaining("a readable PEM file");
  }

  private Gateway gateway(Vertx vertx, Simulator simulator, Path data, Path caPath) {
    Map<String, String> env = new HashMap<>(Map.of("GATEWAY_UPSTREAM_URL", simulator.baseUrl(),
        "GATEWAY_PORT", String.valueOf(freePort())));
    if (caPath != null) {
      env.put("GATEWAY_UPSTREAM_CA_PATH", caPath.toString());
    }
    Gateway gateway = Gateway.start(vertx, TestGateway.config(data, env)).await();
    closers.add(() -> gateway.close().await());
    return gateway;
  }

  /** The SDK with the service URL, trusting the test CA (over OkHttp, as clients configure it). */
  private static SpeechToText sdk(String url) throws Exception {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(url);
    stt.setClient(stt.getClient().newBuilder().sslSocketFactory(ca.sslContext().getSocketFactory(),
        ca.trustManager()).build());
    return stt;
  }

  private static String recognizeOverWebSocket(SpeechToText stt, byte[] audio) throws Exception {
    CompletableFuture<SpeechRecognitionResults> result = new CompletableFuture<>();
    stt.recognizeUsingWebSocket(new RecognizeWithWebsocketsOptions.Builder()
        .audio(new ByteArrayInputStream(audio)).contentType("audio/l16;rate=16000").build(),
        new BaseRecognizeCallback() {
          @Override
          public void onTranscription(SpeechRecognitionResults r) {
            result.complete(r);
          }

          @Override
          public void onError(Exception e) {
            result.completeExceptionally(e);
          }
        });
    return transcript(result.get(20, TimeUnit.SECONDS));
  }

  /** The first message of a WSS /v1/recognize through the gateway, trusting the test CA only. */
  private static String wssListening(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caPem.toString())));
    try {
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setSsl(true)
          .setURI("/v1/recognize").addHeader("Authorization", TestGateway.AUTH)).await();
      Promise<String> first = Promise.promise();
      ws.textMessageHandler(first::tryComplete);
      ws.writeTextMessage(new JsonObject().put("action", "start").put("content-type", "audio/wav").encode()).await();
      return first.future().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      client.close().await();
    }
  }

  private static BigInteger servedSerial(int port) throws Exception {
    try (SSLSocket socket = (SSLSocket) ca.sslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String transcript(SpeechRecognitionResults results) {
    return results.getResults().get(0).getAlternatives().get(0).getTranscript();
  }

  private static byte[] audio(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
