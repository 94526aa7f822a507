package io.autoservice.common.settings;

/**
 * Where a setting's effective value came from, as {@code config} prints it: {@code default}, {@code
 * file /etc/…}, {@code env AUTOSERVICE_…} or {@code flag --listen}.
 *
 * @param kind default, file, env or flag
 * @param where the file, variable or flag; empty for a default
 */
public record SettingSource(String kind, String where) {
  public static final SettingSource DEFAULT = new SettingSource("default", "");

  public static SettingSource file(java.nio.file.Path file) {
    return new SettingSource("file", file.toString());
  }

  public static SettingSource env(String variable) {
    return new SettingSource("env", variable);
  }

  public static SettingSource flag(String flag) {
    return new SettingSource("flag", flag);
  }

  /** The name an error about this value starts with (the file is named by the caller). */
  String errorPrefix() {
    return kind.equals("env") || kind.equals("flag") ? where : "";
  }

  @Override
  public String toString() {
    return where.isEmpty() ? kind : kind + " " + where;
  }
}
