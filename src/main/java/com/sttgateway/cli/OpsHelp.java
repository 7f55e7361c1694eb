package com.sttgateway.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The help text of {@code ops}: one entry per subcommand (so each answers {@code --help}) and the shared flags. */
final class OpsHelp {

  /** Subcommand to its usage lines, in the order {@code ops --help} lists them. */
  static final Map<String, String> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("status", "  status                       upstream, jobs per state, oldest unfinished job, last recovery run\n");
    COMMANDS.put("jobs", "  jobs [filters] [--limit N] [--cursor C] [--all]\n"
        + "                               list jobs, oldest first (--all follows every page)\n");
    COMMANDS.put("job", "  job ID                       one job with its history\n");
    COMMANDS.put("replay", "  replay ID                    resubmit one job now\n"
        + "  replay [filters] [--dry-run] [--rate N] [--wait]\n"
        + "                               bulk replay as a server-side task (a filter is required)\n"
        + "  replay --task ID [--cancel] [--wait]\n"
        + "                               show (or cancel) a bulk replay task; --wait follows it to the end\n");
    COMMANDS.put("replays", "  replays                      list bulk replay tasks\n");
    COMMANDS.put("park", "  park ID | unpark ID          park a job as dead / queue a dead job again\n");
    COMMANDS.put("callbacks", "  callbacks                    journaled callback URLs\n");
    COMMANDS.put("models", "  models                       vaulted custom models: kind, state, resources, words, last restore\n"
        + "  models ID                    one model: definition, resources, restore progress and its history\n"
        + "  models verify ID [--timeout S]\n"
        + "                               disaster-recovery drill: rebuild a temporary copy of the model upstream from\n"
        + "                               the vault, train it, compare, delete it; costs a training run and a model\n"
        + "                               slot upstream (default timeout 3600 s); exit 1 unless ok\n");
  }

  static final String COMMON = String.join("\n",
      "filters: --state a,b  --tenant FP  --since ISO  --until ISO  --updated-since ISO  --updated-until ISO",
      "         --callback-url U  --min-attempts N  --user-token S",
      "connection: --url U (or GATEWAY_ADMIN_URL, default " + OpsCommand.DEFAULT_URL + ")",
      "            --token T (or GATEWAY_OPS_TOKEN)  --operator NAME (or GATEWAY_OPERATOR, else USER)",
      "output: --json prints the API's JSON",
      "");

  private OpsHelp() {}

  /** The usage of one subcommand with the shared flags; the whole usage for an unknown one. */
  static String of(String command, String whole) {
    String lines = COMMANDS.get("unpark".equals(command) ? "park" : command);
    return lines == null ? whole : "usage: java -jar stt-recovery-gateway.jar ops " + command + " ...\n" + lines + COMMON;
  }
}
