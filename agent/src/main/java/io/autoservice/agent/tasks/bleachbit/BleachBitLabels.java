package io.autoservice.agent.tasks.bleachbit;

import java.util.Locale;
import java.util.Set;

/**
 * BleachBit's translated labels for the two summary lines that structure alone cannot tell apart.
 * Both "Special operations: %d" and "Errors: %d" are printed only when not 0, so a summary with one
 * of them has a single count line after "Files deleted" — which one it is depends on the label.
 * Taken from the message catalogs of BleachBit 4.4.2 (Debian package {@code bleachbit}, {@code
 * /usr/share/locale/<lang>/LC_MESSAGES/bleachbit.mo}): the text before the colon, lower-cased. A
 * label not listed here leaves the line unclassified (the task says why).
 */
final class BleachBitLabels {
  private BleachBitLabels() {}

  /** "Errors" in English and the 50 languages BleachBit 4.4.2 translates it to. */
  static final Set<String> ERRORS =
      Set.of(
          "errors",
          "błędy",
          "chyb",
          "chýb",
          "eraroj",
          "erori",
          "erreurs",
          "erroreak",
          "errores",
          "errori",
          "erros",
          "fallos",
          "fehler",
          "feil",
          "fejl",
          "fel",
          "fouten",
          "gabimet",
          "grešaka",
          "greške",
          "hatalar",
          "hibák",
          "kesalahan",
          "klaidų",
          "lỗi",
          "napake",
          "probleeme",
          "ralat",
          "vead",
          "virheet",
          "xatolar",
          "çewtî",
          "σφάλματα",
          "грешке",
          "грешки",
          "каталар",
          "ошибок",
          "памылкі",
          "помилки",
          "ערראָרס",
          "שגיאות",
          "أخطأء",
          "एरर",
          "ইরোর সমূহ",
          "பிழைகள்",
          "దోషాలు",
          "ข้อผิดพลาด",
          "エラー",
          "錯誤",
          "错误",
          "오류");

  /** "Special operations" in English and the 51 languages BleachBit 4.4.2 translates it to. */
  static final Set<String> SPECIAL_OPERATIONS =
      Set.of(
          "special operations",
          "eragiketa bereziak",
          "erikoisoperaatiot",
          "eritoiminguid",
          "karên taybet",
          "különleges műveletek",
          "maxsus jarayonlar",
          "operaciones especiales",
          "operacions especials",
          "operacións especiais",
          "operacje specjalne",
          "operasi khas",
          "operasi khusus",
          "operationes special",
          "operazioni speciali",
          "operações especiais",
          "operații speciale",
          "opérations spécifiques",
          "posebna opravila",
          "posebne radnje",
          "special operationes",
          "specialaj operacioj",
          "speciale opties",
          "specialios operacijos",
          "specialoperationer",
          "speciella åtgärder",
          "specijalnih operacija",
          "spesiale aksies",
          "spesielle operasjoner",
          "spezialvorgänge",
          "thao tác đặc biệt",
          "veprime të veçanta",
          "zvláštních operací",
          "özel işlemler",
          "špeciálnych operácií",
          "ειδικές ενέργειες",
          "адмысловыя дзеяньні",
          "атайын операциялар",
          "специални операции",
          "специальных операций",
          "специјалне операције",
          "спеціальні операції",
          "ספּעציעלע אַפּעריישאַנז",
          "פעולות מיוחדות",
          "عمليات خاصة",
          "स्पेशल ऑपरेशन्स",
          "স্পেশাল অপারেশন্স",
          "ప్రత్యేక ఆపరేషన్స్",
          "การทำงานพิเศษ",
          "特殊な操作数",
          "特殊操作",
          "특수 작업");

  /** What a summary label names: {@code errors}, {@code special}, or {@code null} if unknown. */
  static String classify(String label) {
    String l = label.strip().toLowerCase(Locale.ROOT);
    if (ERRORS.contains(l)) {
      return "errors";
    }
    if (SPECIAL_OPERATIONS.contains(l)) {
      return "special";
    }
    return null;
  }
}
