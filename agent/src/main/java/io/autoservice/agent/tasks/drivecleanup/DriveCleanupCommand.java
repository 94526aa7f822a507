package io.autoservice.agent.tasks.drivecleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The DriveCleanup command line for a task's parameters and the intent echoed into the result.
 *
 * @param args the arguments after the program
 * @param intent every flag with its value ({@code test_only, no_wait, volumes_only … registry_only,
 *     cleanup_all}) and {@code additional_args} when given
 * @param additionalArgs the extra arguments as given
 */
public record DriveCleanupCommand(
    List<String> args, ObjectNode intent, List<String> additionalArgs) {

  /**
   * A category: its boolean parameter, DriveCleanup switch and the names {@code categories} may
   * use.
   */
  record Category(String param, String option, List<String> names, String description) {}

  static final List<Category> CATEGORIES =
      List.of(
          new Category(
              "volumes_only",
              "-v",
              List.of("volumes", "volume", "v"),
              "Clean storage volumes (-v)."),
          new Category(
              "disks_only", "-d", List.of("disks", "disk", "d"), "Clean disk devices (-d)."),
          new Category(
              "cdroms_only", "-c", List.of("cdroms", "cdrom", "c"), "Clean CD-ROM devices (-c)."),
          new Category(
              "floppies_only",
              "-f",
              List.of("floppies", "floppy", "f"),
              "Clean floppy devices (-f)."),
          new Category(
              "usb_storage_only",
              "-u",
              List.of("usb", "u", "usb_storage"),
              "Clean USB storage devices (-u)."),
          new Category("hubs_only", "-h", List.of("hubs", "hub", "h"), "Clean USB hubs (-h)."),
          new Category(
              "wpd_only", "-w", List.of("wpd", "w"), "Clean Windows Portable Devices (-w)."),
          new Category(
              "registry_only",
              "-r",
              List.of("registry", "reg", "r"),
              "Clean registry items (-r)."));

  /** Every name {@code categories} accepts. */
  static String[] categoryNames() {
    return CATEGORIES.stream().flatMap(c -> c.names().stream()).toArray(String[]::new);
  }

  /** An extra argument must be an option: a dash, then letters, digits, {@code :_.-}. */
  private static final Pattern OPTION = Pattern.compile("-[A-Za-z0-9?][A-Za-z0-9:_.-]{0,63}");

  /**
   * Builds the arguments; no category selected means DriveCleanup cleans everything.
   *
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static DriveCleanupCommand build(TaskParams p, boolean noWaitDefault) {
    List<String> wanted = new ArrayList<>();
    for (String c : p.strings("categories")) {
      String name = c == null ? "" : c.strip().toLowerCase(Locale.ROOT);
      if (CATEGORIES.stream().noneMatch(cat -> cat.names().contains(name))) {
        throw new IllegalArgumentException(
            "categories: \""
                + c
                + "\" is not one of volumes, disks, cdroms, floppies, usb, hubs, wpd, registry");
      }
      wanted.add(name);
    }
    List<String> argv = new ArrayList<>();
    ObjectNode intent = Json.object();
    boolean testOnly = flag(p, "test_only", false);
    boolean noWait = flag(p, "no_wait", noWaitDefault);
    intent.put("test_only", testOnly);
    intent.put("no_wait", noWait);
    if (testOnly) {
      argv.add("-t");
    }
    if (noWait) {
      argv.add("-n");
    }
    boolean any = false;
    for (Category c : CATEGORIES) {
      boolean on = flag(p, c.param(), false) || c.names().stream().anyMatch(wanted::contains);
      intent.put(c.param(), on);
      if (on) {
        argv.add(c.option());
        any = true;
      }
    }
    List<String> extra = p.strings("additional_args");
    if (!extra.isEmpty()) {
      ArrayNode echoed = intent.putArray("additional_args");
      for (String a : extra) {
        if (a == null || !OPTION.matcher(a).matches()) {
          throw new IllegalArgumentException(
              "additional_args may only hold options such as -t (a dash, then letters or digits), got \""
                  + a
                  + "\"");
        }
        argv.add(a);
        echoed.add(a);
      }
    }
    intent.put("cleanup_all", !any);
    return new DriveCleanupCommand(List.copyOf(argv), intent, List.copyOf(extra));
  }

  private static boolean flag(TaskParams p, String name, boolean dflt) {
    return p.has(name) ? p.get(name).map(JsonNode::asBoolean).orElse(dflt) : dflt;
  }
}
