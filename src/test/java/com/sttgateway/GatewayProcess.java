package com.sttgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point ({@link Main}) run as a separate process, as {@code java -jar} runs it: its own JVM with the
 * Hazelcast flags of the jar's manifest, the build's classes (the jar itself is only built after the tests), its
 * output in files. For tests of what an operator sees on the console: exit codes, usage, start-up messages.
 */
public final class GatewayProcess implements AutoCloseable {

  /** The jar manifest's Add-Opens/Add-Exports, as the pom's hz.jvm.args lists them. */
  static final List<String> JVM_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final Process process;
  private final Path out;
  private final Path err;

  private GatewayProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** The command line that runs the jar's Main: {@code java [flags] -cp CLASSPATH com.sttgateway.Main}. */
  public static List<String> command() {
    return command(Main.class.getName());
  }

  /** As {@link #command()}, for another main class of the build's class path (e.g. S3Proxy's own). */
  static List<String> command(String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(mainClass);
    return command;
  }

  /** Starts {@code Main args} with {@code env} added to this process's environment, in {@code dir}. */
  public static GatewayProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    return startMain(dir, env, Main.class.getName(), args);
  }

  /** Starts {@code mainClass args} from the build's class path, as {@link #start} starts the gateway. */
  public static GatewayProcess startMain(Path dir, Map<String, String> env, String mainClass, String... args)
      throws IOException {
    return startMain(dir, env, List.of(), mainClass, args);
  }

  /** As {@link #startMain(Path, Map, String, String...)}, with {@code jvmFlags} (e.g. system properties) added. */
  public static GatewayProcess startMain(Path dir, Map<String, String> env, List<String> jvmFlags, String mainClass,
      String... args) throws IOException {
    List<String> command = command(mainClass);
    command.addAll(1, jvmFlags);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".log");
    Path err = Files.createTempFile(dir, "stderr", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
    builder.environment().putAll(env);
    return new GatewayProcess(builder.start(), out, err);
  }

  /** Runs {@code Main args} to its end (at most a minute) and returns its exit code. */
  public int exitCode() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("still running after 60 s; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** Ends it as {@code kill -9} does: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends SIGTERM (the shutdown hook runs) without waiting; {@link #close} waits for the end. */
  public void terminate() {
    process.destroy();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String stdout() {
    return read(out);
  }

  public String stderr() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Stops it as SIGTERM does (the shutdown hook runs) and waits for the end. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
