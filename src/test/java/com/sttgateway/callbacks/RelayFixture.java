package com.sttgateway.callbacks;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.sttgateway.PortInUse;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Starts a gateway in relay mode (its public URL is its own loopback port) in front of a simulator. */
final class RelayFixture {

  /** Fast health and recovery, short delivery backoff. */
  static final Map<String, String> FAST = Map.of(
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "2",
      "GATEWAY_HEALTH_SUCCESSES_TO_UP", "1",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "1",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "100",
      "GATEWAY_CALLBACKS_FIRST_BACKOFF_MILLIS", "100");

  private RelayFixture() {}

  static TestGateway start(Vertx vertx, Path dataDir, SimulatorOptions sim, Map<String, String> extra) {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Map<String, String> env = new HashMap<>(FAST);
      env.put("GATEWAY_PORT", String.valueOf(port));
      env.put("GATEWAY_CALLBACKS_PUBLIC_URL", "http://127.0.0.1:" + port);
      env.putAll(extra);
      try {
        return TestGateway.start(vertx, dataDir, sim, env);
      } catch (PortInUse taken) { // another test JVM took the free port before the gateway bound it
        if (attempt == 3) {
          throw taken;
        }
      }
    }
  }

  static SpeechToText sdk(TestGateway env) {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(env.url());
    return stt;
  }

  static byte[] audio(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
