package com.sttgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** logging.format=json: every record is one parseable JSON line with the fields a log shipper indexes. */
class JsonLogFormatterTest {

  private static final String ID = "3f1c2a9e-7b41-4c1a-9d2e-5b6f7a8c9d0e";
  private final JsonLogFormatter formatter = new JsonLogFormatter();

  @Test
  void aRecordIsOneJsonLineWithTimeLevelLoggerMessageAndTheJobItNames() {
    LogRecord record = new LogRecord(Level.INFO, "job " + ID + " queued: upstream \"down\"\nsecond line");
    record.setLoggerName("com.sttgateway.jobs.SubmitHandler");
    record.setMillis(1_764_547_200_000L);
    String line = formatter.format(record);
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("time")).isEqualTo("2025-12-01T00:00:00Z");
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("logger")).isEqualTo("com.sttgateway.jobs.SubmitHandler");
    assertThat(json.getString("message")).isEqualTo("job " + ID + " queued: upstream \"down\"\nsecond line");
    assertThat(json.getString("jobId")).isEqualTo(ID);
    assertThat(json.containsKey("thrown")).isFalse();
  }

  @Test
  void aJobIdParameterTagsTheLineAndAThrowableIsKeptWithItsTrace() {
    LogRecord record = new LogRecord(Level.WARNING, "resubmission failed");
    record.setParameters(new Object[] {new JsonLogFormatter.JobId(ID)});
    record.setThrown(new IOException("connection reset"));
    JsonObject json = new JsonObject(formatter.format(record));
    assertThat(json.getString("jobId")).isEqualTo(ID);
    assertThat(json.getString("thrown")).startsWith("java.io.IOException: connection reset").contains("\tat ");
  }

  @Test
  void aLineNamingNoJobHasNoJobId() {
    JsonObject json = new JsonObject(formatter.format(new LogRecord(Level.INFO, "object store ready: 1 bucket")));
    assertThat(json.containsKey("jobId")).isFalse();
  }
}
