package io.autoservice.common.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One key of a settings record: its snake_case name (the file's key), the environment variable that
 * may set it, and how a variable's text becomes a value.
 *
 * @param name the key, as in the settings file
 * @param kind how an environment value is read
 * @param component the record component behind it
 */
public record SettingKey(String name, Kind kind, RecordComponent component) {

  /** How an environment variable's text is read. */
  public enum Kind {
    TEXT,
    NUMBER,
    BOOLEAN,
    /** a comma list or a JSON array */
    LIST,
    /** JSON (an object) */
    JSON
  }

  /** Every setting whose environment variable starts with this. */
  public static final String ENV_PREFIX = "AUTOSERVICE_";

  // Paths and folders are where secrets live, not secrets: they stay visible.
  private static final Pattern SECRET_NAME = Pattern.compile(".*(token|password|secret|key).*");
  private static final Pattern PATH_NAME = Pattern.compile(".*_(file|dir|folder|path)s?$");

  /** The keys of a settings record, in declaration order. */
  public static List<SettingKey> of(Class<? extends Record> type) {
    return java.util.Arrays.stream(type.getRecordComponents()).map(SettingKey::of).toList();
  }

  private static SettingKey of(RecordComponent c) {
    // @JsonProperty lands on the accessor (its targets do not include record components).
    JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
    String name = p != null && !p.value().isEmpty() ? p.value() : c.getName();
    return new SettingKey(name, kindOf(c.getType()), c);
  }

  private static Kind kindOf(Class<?> t) {
    if (t == String.class || t == Path.class || t.isEnum()) {
      return Kind.TEXT;
    }
    if (Number.class.isAssignableFrom(t) || t == int.class || t == long.class) {
      return Kind.NUMBER;
    }
    if (t == Boolean.class || t == boolean.class) {
      return Kind.BOOLEAN;
    }
    if (Collection.class.isAssignableFrom(t)) {
      return Kind.LIST;
    }
    return Kind.JSON;
  }

  /** {@code AUTOSERVICE_<NAME>}. */
  public String envVar() {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT);
  }

  /** Whether {@code config} shows its value masked. */
  public boolean secret() {
    return SECRET_NAME.matcher(name).matches() && !PATH_NAME.matcher(name).matches();
  }
}
