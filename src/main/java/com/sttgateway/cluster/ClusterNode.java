package com.sttgateway.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.logging.KnownNotice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds and starts this gateway's Hazelcast member. Alone (no members configured) it binds 127.0.0.1 only, on
 * exactly {@code cluster.port} (0: any free port), joins nobody, and its cluster name carries a hash of the data
 * folder, so two gateways on one host never form a cluster. In a cluster it binds {@code cluster.interface} (or
 * the one address Hazelcast picks) and joins the listed members over TCP-IP. Either way only the member protocol
 * is served: there is no client endpoint, so a Hazelcast client cannot connect. A member joins as a lite member
 * (it owns no partition, so no journal entry moves to it) and becomes a data member only once its peers proved
 * to share its journal key and object store ({@link MemberIdentity}); otherwise it leaves and fails. Blocking.
 */
public final class ClusterNode {

  private ClusterNode() {}

  public static HazelcastInstance start(GatewayConfig.Cluster cluster, Path dataDir, MemberIdentity identity) {
    if (cluster.alone()) {
      // Alone on purpose (no join, so it never joins another gateway): not worth a warning on every start.
      KnownNotice.drop("com.hazelcast.instance.impl.Node", "No join method is enabled! Starting standalone.");
    }
    Config config = config(cluster, dataDir).setLiteMember(true);
    identity.addTo(config);
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
    try {
      identity.verify(hz.getCluster().getMembers());
      hz.getCluster().promoteLocalLiteMember();
      return hz;
    } catch (RuntimeException refused) {
      hz.shutdown();
      throw refused;
    }
  }

  static Config config(GatewayConfig.Cluster cluster, Path dataDir) {
    boolean alone = cluster.alone();
    Config config = new Config();
    config.setClusterName(alone ? cluster.name() + "-" + folderHash(dataDir) : cluster.name());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.addMapConfig(JobJournal.mapConfig());
    // The gateway leaves the cluster itself, gracefully, after its servers and recovery stopped (Gateway.close, run
    // by ServeCommand's hook); Hazelcast's own hook would terminate the member at once, concurrently with that.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Bind the chosen interface only, never the wildcard address (Hazelcast's default).
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.socket.server.bind.any", "false");
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig().setPort(cluster.port())
        .setPortAutoIncrement(!alone);
    if (!cluster.publicAddress().isEmpty()) {
      member.setPublicAddress(cluster.publicAddress());
    }
    String bindTo = alone ? "127.0.0.1" : cluster.bindInterface();
    if (!bindTo.isEmpty()) {
      member.getInterfaces().setEnabled(true).addInterface(bindTo);
    }
    // Advanced network with a member endpoint and no client endpoint: client connections are refused.
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true)
        .setMemberEndpointConfig(member);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (alone) {
      config.setProperty("hazelcast.wait.seconds.before.join", "0"); // no join method: starts standalone at once
    } else if (!cluster.kubernetesServiceDns().isEmpty()) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
    } else {
      join.getTcpIpConfig().setEnabled(true);
      cluster.members().forEach(join.getTcpIpConfig()::addMember);
    }
    return config;
  }

  /** Eight hex digits of the SHA-256 of the data folder's absolute path. */
  static String folderHash(Path dataDir) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
