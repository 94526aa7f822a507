package io.autoservice.agent.tasks.diskcheck;

import java.util.regex.Pattern;

/**
 * What chkdsk says in any display language, for the details its exit code does not give (and as the
 * verdict when there is no exit code, e.g. after a timeout). Language-independent shapes come
 * first; the phrase alternatives are taken from real non-English recordings (see
 * fixtures/tool-outputs/chkdsk/README.md) and are matched against the output with its line breaks
 * made spaces.
 */
final class ChkdskPhrases {
  private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** The file system's name, as every translation prints it ("Тип файловой системы: NTFS."). */
  static final Pattern FS_NAME =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])(NTFS|FAT32|FAT16|FAT12|FAT|exFAT|ReFS|RAW|UDF)(?![\\p{L}\\p{N}])");

  /** A yes/no prompt in any language: (Y/N), (J/N), (O/N), (S/N), [Y(да)/N(нет)]. */
  static final Pattern ANY_PROMPT =
      Pattern.compile(
          "\\(\\p{Lu}/\\p{Lu}\\)|\\[\\p{Lu}\\([^)]{1,12}\\)/\\p{Lu}\\([^)]{1,12}\\)\\]");

  /** chkdsk's own total run time: "(126760 ms)", "(62892 мс)". */
  static final Pattern TOTAL_MS =
      Pattern.compile(
          "\\((\\d{1,3}(?:[ \\u00A0\\u202F.,']\\d{3})+|\\d{1,15})\\s*(?:ms|мс|毫秒|ミリ秒)\\)");

  /** "found no problems": de, es, ru, pt, fr, zh. */
  static final Pattern NO_PROBLEMS =
      Pattern.compile(
          "keine Probleme festgestellt|sin encontrar problemas|не обнаружила проблем"
              + "|não encontrou problemas|sans trouver de problème|已扫描文件系统并且没有发现问题",
          CI);

  /**
   * Corrections made: de "Windows hat Probleme im Dateisystem behoben.", es "… ha hecho algunas
   * correciones …", it "Correzioni apportate al file system.".
   */
  static final Pattern CORRECTED =
      Pattern.compile(
          "Probleme im Dateisystem behoben|ha hecho algunas correc|Correzioni apportate al file system",
          CI);

  /** zh "访问被拒绝，因为你没有足够的权限" (English: "Access Denied as you do not have sufficient privileges"). */
  static final Pattern ACCESS_DENIED = Pattern.compile("访问被拒绝");

  /** Bad clusters replaced by /r — a correction, whatever the closing sentence says. */
  static final Pattern BAD_CLUSTERS_REPLACED = Pattern.compile("replaced bad clusters", CI);

  /**
   * The lock failure: de "CHKDSK kann nicht ausgeführt werden, da das Volume von einem anderen
   * Prozess verwendet wird".
   */
  static final Pattern LOCK_FAILED =
      Pattern.compile("kann nicht ausgef\\S{1,2}hrt werden, da das Volume von einem anderen", CI);

  /** The read-only note "Das Volume wird von einem anderen Prozess benutzt." */
  static final Pattern IN_USE =
      Pattern.compile("von einem anderen\\s+Prozess (?:benutzt|verwendet)", CI);

  /** de "Bereitstellung des Volumes aufgehoben.", pt "Volume desmontado." */
  static final Pattern DISMOUNTED =
      Pattern.compile("Bereitstellung des Volumes aufgehoben|Volume desmontado", CI);

  private ChkdskPhrases() {}
}
