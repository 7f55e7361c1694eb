package com.sttgateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.config.GatewayConfig;

/**
 * Builds and starts this gateway's Hazelcast member: alone on 127.0.0.1 when no members are configured,
 * otherwise joining the listed members over TCP-IP (multicast and auto-detection off). Blocking.
 */
public final class ClusterNode {

  private ClusterNode() {}

  public static HazelcastInstance start(GatewayConfig.Cluster cluster) {
    return Hazelcast.newHazelcastInstance(config(cluster));
  }

  static Config config(GatewayConfig.Cluster cluster) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // The gateway leaves the cluster itself, gracefully, after its servers and recovery stopped (Gateway.close, run
    // by ServeCommand's hook); Hazelcast's own hook would terminate the member at once, concurrently with that.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true);
    if (!cluster.publicAddress().isEmpty()) {
      config.getNetworkConfig().setPublicAddress(cluster.publicAddress());
    }
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    if (cluster.members().isEmpty()) {
      // One member: bind to loopback only and do not wait for others.
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      join.getTcpIpConfig().addMember("127.0.0.1");
      config.setProperty("hazelcast.wait.seconds.before.join", "0");
    } else {
      cluster.members().forEach(join.getTcpIpConfig()::addMember);
    }
    return config;
  }
}
