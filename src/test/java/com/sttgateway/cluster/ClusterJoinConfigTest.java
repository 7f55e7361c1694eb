package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.sttgateway.config.ConfigLoader;
import com.sttgateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How each way of finding members reaches Hazelcast's configuration, from the gateway's own settings (a Kubernetes
 * cluster cannot be run here, so its join is checked as configuration, not by joining).
 */
class ClusterJoinConfigTest {

  @Test
  void aKubernetesServiceDnsSetsHazelcastsKubernetesJoinInDnsLookupModeAndNothingElse() {
    Config config = config(Map.of("GATEWAY_CLUSTER_KUBERNETES_SERVICE_DNS",
        "stt-gateway-hazelcast.default.svc.cluster.local"));
    JoinConfig join = config.getAdvancedNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns"))
        .isEqualTo("stt-gateway-hazelcast.default.svc.cluster.local");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getClusterName()).as("one name for every replica").isEqualTo("stt-gateway");
  }

  @Test
  void withNeitherMembersNorKubernetesTheMemberIsAloneOnLoopbackWithNoJoin() {
    Config config = config(Map.of());
    JoinConfig join = config.getAdvancedNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getAdvancedNetworkConfig().getEndpointConfigs().values())
        .allSatisfy(e -> assertThat(e.getInterfaces().getInterfaces()).containsExactly("127.0.0.1"));
    assertThat(config.getClusterName()).startsWith("stt-gateway-").isNotEqualTo("stt-gateway");
  }

  private static Config config(Map<String, String> env) {
    GatewayConfig settings = ConfigLoader.load(null, env);
    return ClusterNode.config(settings.cluster(), Path.of("data"));
  }
}
