package io.autoservice.bench;

/** Which combinations of {@code --replicas}, {@code --store} and their neighbours make sense. */
final class StoreChoice {
  private StoreChoice() {}

  /** What is wrong with the combination, as a usage error; null when it is fine. */
  static String problem(
      int replicas,
      String store,
      String storeUrl,
      boolean storm,
      int simProcesses,
      long archiveRuns) {
    if (!store.equals("embedded") && !store.equals("postgres")) {
      return "--store: " + store + " (expected: embedded or postgres)";
    }
    if (replicas < 1 || replicas > 16) {
      return "--replicas: " + replicas + " (expected: 1..16)";
    }
    if (replicas > 1 && !store.equals("postgres")) {
      // embedded stores are one per data folder: replicas would not see each other's agents
      return "--replicas " + replicas + " needs --store postgres";
    }
    if (storeUrl != null && !store.equals("postgres")) {
      return "--store-url needs --store postgres";
    }
    if (replicas > 1 && storm) {
      return "--replicas "
          + replicas
          + ": the kill -9 storm restarts one controller; add --no-storm";
    }
    if (replicas > 1 && simProcesses > 1) {
      return "--replicas "
          + replicas
          + " with --sim-processes "
          + simProcesses
          + ": simulator child processes connect to one controller only; use --sim-processes 1";
    }
    if (archiveRuns > 0 && store.equals("postgres")) {
      // the archive is written into the embedded store of the data folder before any controller
      return "--archive-runs fills the embedded store only; leave it out with --store postgres";
    }
    return null;
  }
}
