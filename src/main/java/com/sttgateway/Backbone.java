package com.sttgateway;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.cluster.ClusterNode;
import com.sttgateway.cluster.MemberIdentity;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.journal.IndexSeal;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.RetentionSweeper;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.journal.UploadBudget;
import com.sttgateway.journal.UploadRegistry;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.models.Vault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * What keeps the journal, started in order before any client is served: the object store (embedded or external),
 * the Hazelcast member, the journal key, the job index (rebuilt from the store once the ports listen), the
 * callback journal, the model vault and the retention sweeper. Every part it starts is registered with
 * {@code closers}.
 */
record Backbone(GatewayConfig config, Vertx vertx, ObjectStore store, HazelcastInstance hazelcast,
    SecretBox secrets, JobJournal journal, CallbackJournal callbacks, UploadRegistry uploads, Vault models) {

  private static final Logger LOG = Logger.getLogger(Backbone.class.getName());

  static Future<Backbone> start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, Closers closers) {
    WorkerExecutor io = vertx.createSharedWorkerExecutor("journal-io", 16, 10, TimeUnit.MINUTES);
    WorkerExecutor uploads = vertx.createSharedWorkerExecutor("journal-uploads",
        config.journal().maxConcurrentUploads(), 2, TimeUnit.HOURS);
    closers.add(io::close);
    closers.add(uploads::close);
    // The key is loaded before the member starts: the member shows its fingerprint to its peers (MemberIdentity).
    return objectStore(vertx, config, closers, io, uploads).compose(store -> blocking(vertx,
            () -> SecretBox.load(config.journal().encryptionKey(), config.dataDir(), config.objectStore().embedded()))
        .compose(box -> cluster(vertx, config, closers, identity(box, store))
            .compose(hz -> journal(vertx, config, metrics, closers, store, hz, box))));
  }

  private static Future<ObjectStore> objectStore(Vertx vertx, GatewayConfig config, Closers closers,
      WorkerExecutor io, WorkerExecutor uploads) {
    GatewayConfig.ObjectStore os = config.objectStore();
    Future<ObjectStore> created = os.embedded()
        ? blocking(vertx, () -> EmbeddedS3.start(config.dataDir().resolve("objects"))).compose(s3 -> {
            closers.add(() -> blocking(vertx, () -> {
              s3.close();
              return null;
            }));
            LOG.info("object store: embedded S3 server at " + s3.endpoint() + " on "
                + config.dataDir().resolve("objects"));
            return blocking(vertx, () -> ObjectStore.embedded(s3, config.dataDir().resolve("objects"), os.region(),
                os.bucket(), os.embeddedFsync(), io, uploads))
                .onSuccess(store -> LOG.info(store.writesFiles() ? "audio uploads write files into the embedded store"
                    : "audio uploads go through the embedded S3 server (no user extended attributes here)"));
          })
        : blocking(vertx, () -> new ObjectStore(os.endpoint(), os.accessKey(), os.secretKey().value(), os.region(),
            os.bucket(), io, uploads));
    return created.compose(store -> store.ensureBucket().map(store))
        .onSuccess(store -> LOG.info("object store ready: " + store.describe()));
  }

  /** What this member's peers must share with it: the journal key's fingerprint and the object store. */
  private static MemberIdentity identity(SecretBox box, ObjectStore store) {
    return new MemberIdentity(HexFormat.of().formatHex(box.derive("cluster-member-fingerprint"), 0, 8),
        store.describe());
  }

  private static Future<HazelcastInstance> cluster(Vertx vertx, GatewayConfig config, Closers closers,
      MemberIdentity identity) {
    return blocking(vertx, () -> ClusterNode.start(config.cluster(), config.dataDir(), identity))
        .recover(PortInUse.named("cluster.port", config.cluster().port()))
        .onSuccess(hz -> {
          closers.add(() -> blocking(vertx, () -> {
            hz.shutdown();
            return null;
          }));
          LOG.info("hazelcast member up: " + hz.getCluster().getLocalMember().getAddress()
              + ", cluster of " + hz.getCluster().getMembers().size());
        });
  }

  /**
   * Cold start: the index is rebuilt from the object store in the background ({@link #startReload()}; clients are
   * served meanwhile, see {@link JobJournal#index()}); the retention sweeper starts once it is complete.
   */
  private static Future<Backbone> journal(Vertx vertx, GatewayConfig config, GatewayMetrics metrics,
      Closers closers, ObjectStore store, HazelcastInstance hz, SecretBox box) {
    GatewayConfig.Journal settings = config.journal();
    UploadRegistry uploads = new UploadRegistry(vertx, hz);
    JobJournal journal = new JobJournal(vertx, store, hz, new IndexSeal(box.derive("job-index-seal")));
    return Vault.load(vertx, store, hz, box.derive("model-index-seal"), metrics)
        .map(vault -> new Backbone(config, vertx, store, hz, box, journal, new CallbackJournal(store), uploads,
            vault))
        .onSuccess(b -> {
          RetentionSweeper sweeper = new RetentionSweeper(vertx, b.journal(), store, settings, uploads);
          closers.addStop(sweeper::stop);
          b.journal().index().whenComplete().onSuccess(v ->
              sweeper.start(TimeUnit.SECONDS.toMillis(settings.sweepIntervalSeconds())));
        });
  }

  /**
   * Starts the cold-start rebuild of the job index from the object store; called once the ports listen, so that
   * the rebuild (minutes of CPU at a million records) does not delay them.
   */
  void startReload() {
    journal.reload().onFailure(err -> LOG.severe("journal reload failed; the job index stays incomplete, so "
        + "recovery and the retention sweeper will not run until a restart: " + err));
  }

  /** Request bodies into the journal and upstream at once; every upload shares one heap budget for parts. */
  JournaledForward journaledForward() {
    GatewayConfig.Journal j = config.journal();
    return new JournaledForward(vertx, store, UploadBudget.forParts(j.maxConcurrentUploads(), j.partSizeBytes()),
        uploads, j.partSizeBytes(), Duration.ofSeconds(j.uploadStallSeconds()));
  }

  private static <T> Future<T> blocking(Vertx vertx, Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
