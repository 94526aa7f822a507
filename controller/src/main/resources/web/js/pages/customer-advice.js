// Recommendations for the customer, derived from the findings (pure, no DOM). Each rule reads one
// task type; the list keeps the order of urgency below and says each thing once.
import {
  arr,
  dismState,
  driveFailing,
  drivesOf,
  driveWorn,
  hr,
  num,
  res,
  round,
  statusWord,
  threats,
  volumesOf,
} from './report-model.js';

const RULES = [
  (t) =>
    t.taskType !== 'smartctl_report'
      ? []
      : drivesOf(t)
          .filter(driveFailing)
          .map((d) => `Back up your data now and replace the drive ${d.model_name || d.name}: it is failing.`),
  (t) =>
    threats(t).found > threats(t).removed
      ? [
          'Some threats could not be removed: bring the PC back for a deeper clean-up, and do not ' +
            'use it for banking or shopping until then.',
        ]
      : [],
  (t) =>
    threats(t).found > 0 && threats(t).found <= threats(t).removed
      ? [
          'Threats were removed: change the passwords you use on this PC and keep Windows and your ' +
            'antivirus up to date.',
        ]
      : [],
  (t) => {
    const bad =
      (t.taskType === 'sfc_scan' &&
        res(t, 'integrity_violations') === true &&
        res(t, 'repairs_successful') !== true) ||
      (t.taskType === 'dism_health_check' && ['repairable', 'corrupted'].includes(dismState(t)));
    return bad
      ? ['Windows system files are damaged: have them repaired (DISM, then SFC) or Windows reinstalled.']
      : [];
  },
  (t) =>
    t.taskType === 'chkdsk_scan' && res(t, 'errors_found') === true && res(t, 'made_corrections') !== true
      ? ['The disk file system has errors: have CHKDSK repair them at the next restart.']
      : [],
  (t) =>
    t.taskType !== 'smartctl_report'
      ? []
      : drivesOf(t)
          .filter((d) => !driveFailing(d) && driveWorn(d))
          .map(
            (d) =>
              `Plan to replace the drive ${d.model_name || d.name} soon (${d.wear_level_percent_used}% ` +
              'of its rated life used), and keep your backups up to date.'
          ),
  (t) => {
    if (t.taskType !== 'disk_space_report') return [];
    return volumesOf(t)
      .filter((d) => (num(d.usage_percent) || 0) > 80)
      .map(
        (d) =>
          `Free up space on ${d.drive} (${round(d.usage_percent)}% full): remove programs and files ` +
          'you no longer use, or move them to a larger drive.'
      );
  },
  (t) => {
    if (t.taskType !== 'battery_health_report') return [];
    const cap = num(res(t, 'capacity_percent')) ?? num(hr(t, 'capacity_percent'));
    return cap !== undefined && cap < 60
      ? [`Replace the battery: it holds only ${round(cap)}% of its original charge.`]
      : [];
  },
  (t) => {
    if (t.taskType !== 'windows_update') return [];
    const failed = num((res(t, 'install') || {}).count_failed) || 0;
    const left = num((res(t, 'post_scan') || {}).count_remaining) || 0;
    return failed + left > 0 ? ['Some Windows updates did not install: run Windows Update again.'] : [];
  },
  (t) =>
    res(t, 'reboot_required') === true
      ? ['Restart the PC to finish installing updates and removing what was cleaned.']
      : [],
  (t) => {
    if (t.taskType !== 'whynotwin11_check' || res(t, 'ready') !== false) return [];
    const failing = arr(res(t, 'failing_checks'));
    return [
      'This PC cannot run Windows 11' +
        (failing.length ? ` (${failing.join(', ')})` : '') +
        ': plan an upgrade or a replacement to keep receiving security updates.',
    ];
  },
  (t) =>
    t.taskType === 'furmark_stress_test' && (num(hr(t, 'max_temperature_c')) || 0) > 95
      ? ['The graphics card runs too hot: have the fans and heatsink cleaned.']
      : [],
  (t) => {
    const poorNet =
      (t.taskType === 'ping_test' &&
        (num((res(t, 'packets') || {}).loss_percent) ?? num(res(t, 'packet_loss_percent')) ?? 0) > 5) ||
      (['iperf_test', 'speedtest'].includes(t.taskType) &&
        String(hr(t, 'verdict') || '').toLowerCase() === 'poor');
    return poorNet
      ? ['The network connection is slow or unreliable: check the cable or Wi-Fi signal, or call your internet provider.']
      : [];
  },
  (t) =>
    statusWord(t.status) === 'error'
      ? ['Some checks could not be completed: ask your technician whether they should be run again.']
      : [],
];

/** The recommendations for a report's tasks; an empty list means nothing needs doing. */
export function recommendations(tasks) {
  const out = [];
  for (const rule of RULES) {
    for (const t of arr(tasks)) {
      if (statusWord(t.status) === 'skipped') continue;
      for (const r of rule(t)) if (!out.includes(r)) out.push(r);
    }
  }
  return out;
}
