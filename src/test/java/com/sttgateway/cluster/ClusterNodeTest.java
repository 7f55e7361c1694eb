package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's Hazelcast member, alone: reachable from this host's loopback only, by members only. */
@ExtendWith(VertxExtension.class)
class ClusterNodeTest {

  private final List<TestGateway> gateways = new ArrayList<>();

  @AfterEach
  void stop() {
    gateways.forEach(TestGateway::close);
  }

  @Test
  void aloneTheMemberListensOnLoopbackOnly(Vertx vertx, @TempDir Path dir) throws IOException {
    String name = "bind-" + UUID.randomUUID();
    gateways.add(TestGateway.start(vertx, dir, SimulatorOptions.defaults(), Map.of("GATEWAY_CLUSTER_NAME", name)));
    int port = member(name).getCluster().getLocalMember().getAddress().getPort();

    assertThat(listeningAddresses(port)).isNotEmpty().allSatisfy(address ->
        assertThat(address).as("local address of the listening socket on port " + port)
            .isIn("0100007F", "0000000000000000FFFF00000100007F"));
  }

  @Test
  void aHazelcastClientWithTheRightClusterNameCannotConnect(Vertx vertx, @TempDir Path dir) {
    String name = "client-" + UUID.randomUUID();
    gateways.add(TestGateway.start(vertx, dir, SimulatorOptions.defaults(), Map.of("GATEWAY_CLUSTER_NAME", name)));
    HazelcastInstance member = member(name);
    ClientConfig client = new ClientConfig().setClusterName(member.getConfig().getClusterName());
    client.setProperty("hazelcast.logging.type", "jdk");
    client.getNetworkConfig().addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort());
    client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);

    assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unable to connect");
  }

  @Test
  void twoGatewaysWithTheSameClusterSettingsOnOneHostNeverJoin(Vertx vertx, @TempDir Path dir) throws IOException {
    String name = "pair-" + UUID.randomUUID();
    Map<String, String> same = Map.of("GATEWAY_CLUSTER_NAME", name, "GATEWAY_CLUSTER_PORT", String.valueOf(freePort()));
    gateways.add(TestGateway.start(vertx, Files.createDirectory(dir.resolve("a")), SimulatorOptions.defaults(), same));
    HazelcastInstance first = member(name);

    try {
      Path second = Files.createDirectory(dir.resolve("b"));
      gateways.add(TestGateway.start(vertx, second, SimulatorOptions.defaults(), same));
    } catch (RuntimeException portTaken) {
      // The second member does not move to another port (where it could be found); failing to start is fine.
    }

    assertThat(first.getCluster().getMembers()).hasSize(1);
    assertThat(Hazelcast.getAllHazelcastInstances().stream()
        .filter(h -> h.getConfig().getClusterName().startsWith(name))
        .allMatch(h -> h.getCluster().getMembers().size() == 1)).isTrue();
  }

  private static HazelcastInstance member(String namePrefix) {
    return Hazelcast.getAllHazelcastInstances().stream()
        .filter(h -> h.getConfig().getClusterName().startsWith(namePrefix)).findFirst().orElseThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The local addresses (hex, as the kernel shows them) of every socket listening on {@code port}. */
  private static List<String> listeningAddresses(int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    List<String> found = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        // f[1] = local address:port, f[3] = state (0A = LISTEN)
        if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + hexPort)) {
          found.add(f[1].substring(0, f[1].indexOf(':')));
        }
      }
    }
    return found;
  }
}
