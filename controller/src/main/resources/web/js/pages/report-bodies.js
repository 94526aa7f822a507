// The findings of each task type a technician reads: the fields the original app's renderers
// showed (runner-spec §3 "UI reads …"), read from the agent's real summaries.
import { h } from '../dom.js';
import {
  arr,
  dismState,
  driveFailing,
  drivesOf,
  fmtBytes,
  hr,
  num,
  res,
  round,
  threats,
  throughputSeries,
  volumesOf,
} from './report-model.js';
import { badge, barChart, bullets, facts, kids, meter, table, throughputChart } from './report-widgets.js';

/** "12.3 ms" from a number and a unit; null (the fact is left out) when the value is missing. */
const unit = (v, u, digits = 2) => (num(v) === undefined ? null : `${round(v, digits)} ${u}`);
const mbps = (v) => unit(v, 'Mbps');
const pct = (v) => (num(v) === undefined ? null : `${round(v)}%`);

function smartHealth(d) {
  if (d.health_passed === true) return 'PASSED';
  return d.health_passed === false ? 'FAILED' : 'unknown';
}

function wearTone(p) {
  return p >= 90 ? 'bad' : p >= 80 ? 'warn' : '';
}

function driveCard(d) {
  const wear = num(d.wear_level_percent_used);
  const state = driveFailing(d) ? badge('error', 'Failing') : badge('success', 'Healthy');
  return h(
    'div',
    { class: 'drive', 'data-testid': 'report-drive' },
    ...kids(
      h('h4', {}, `${d.model_name || 'Unknown drive'} (${d.name || '?'})`, ' ', state),
      wear === undefined ? null : meter('Wear used', wear, wearTone(wear)),
      facts([
        ['SMART health', smartHealth(d)],
        ['Serial', d.serial_number],
        ['Firmware', d.firmware_version],
        ['Temperature', d.temperature],
        ['Power-on hours', d.power_on_hours],
        ['Power cycles', d.power_cycles],
        ['Unsafe shutdowns', d.unsafe_shutdowns],
        ['Media errors', d.media_errors],
        ['Error log entries', d.error_log_entries],
        ['Data written', d.data_written_human],
        ['Data read', d.data_read_human],
        ['Last self-test', d.last_self_test_result],
      ])
    )
  );
}

export const BODIES = {
  smartctl_report: (t) => drivesOf(t).map(driveCard),
  sfc_scan: (t) =>
    facts([
      ['Integrity violations', res(t, 'integrity_violations') ?? 'unknown'],
      ['Repairs attempted', res(t, 'repairs_attempted')],
      ['Repairs successful', res(t, 'repairs_successful')],
      ['Reboot pending', res(t, 'pending_reboot')],
      ['Verification complete', res(t, 'verification_complete')],
    ]),
  dism_health_check: (t) => [
    facts([['Component store', dismState(t)]]),
    table(
      'DISM steps',
      ['Step', 'Health', 'Repair', 'Exit code'],
      arr(res(t, 'steps')).map((s) => [
        s.action,
        s.parsed && s.parsed.health_state,
        s.parsed && s.parsed.repair_success,
        s.return_code,
      ])
    ),
  ],
  chkdsk_scan: (t) =>
    facts([
      ['Drive', res(t, 'drive')],
      ['Mode', res(t, 'mode')],
      ['File system', res(t, 'filesystem_type')],
      ['Problems found', res(t, 'errors_found')],
      ['Corrections made', res(t, 'made_corrections')],
      ['Volume in use', res(t, 'volume_in_use')],
      ['Scheduled for restart', res(t, 'scheduled')],
      ['Bad sectors', unit(res(t, 'bad_sectors_kb'), 'KB', 0)],
      ['Free', num(res(t, 'available_kb')) === undefined ? null : fmtBytes(res(t, 'available_kb') * 1024)],
    ]),
  kvrt_scan: (t) => [
    threatFacts(t, [['Objects scanned', res(t, 'processed')], ['Processing errors', res(t, 'processing_errors')]]),
    table('Detections', ['Threat', 'Object', 'Action'], arr(res(t, 'detections')).map((d) => [d.threat, d.object_path, d.action])),
  ],
  trellix_stinger_scan: (t) => [
    threatFacts(t, [['Files scanned', res(t, 'total_files')], ['Not scanned', res(t, 'not_scanned')], ['Action', (res(t, 'intent') || {}).action]]),
    table('Infections', ['File', 'Threat', 'MD5'], arr(res(t, 'infections')).map((d) => [d.file_path, d.threat_name, d.md5])),
  ],
  adwcleaner_clean: (t) => [
    threatFacts(t, [['Failed', res(t, 'failed')], ['Reboot required', res(t, 'reboot_required')]]),
    ...['registry', 'files', 'folders', 'services', 'tasks', 'shortcuts', 'dlls', 'wmi', 'preinstalled'].map((k) =>
      arr(res(t, k)).length ? h('div', {}, h('h4', {}, k), bullets(res(t, k), 'items')) : null
    ),
  ],
  bleachbit_clean: (t) =>
    facts([
      ['Space recovered', hr(t, 'space_recovered') || fmtBytes(res(t, 'space_recovered_bytes'))],
      ['Files deleted', res(t, 'files_deleted')],
      ['Special operations', res(t, 'special_operations')],
      ['Errors', res(t, 'errors')],
    ]),
  windows_update: (t) => {
    const inst = res(t, 'install') || {};
    return [
      facts([
        ['Installed', inst.count_installed],
        ['Failed', inst.count_failed],
        ['Still available', (res(t, 'post_scan') || {}).count_remaining],
        ['Reboot required', res(t, 'reboot_required')],
      ]),
      table('Updates', ['Title', 'KB', 'Size', 'Category', 'Result'], arr(inst.items).map((i) => [i.Title, i.KB, i.Size, i.Category, i.Result])),
      bullets(arr(res(t, 'errors')).map((e) => `${e.where}: ${e.message}`), 'errors'),
    ];
  },
  disk_space_report: (t) =>
    volumesOf(t).map((d) =>
      h(
        'div',
        { class: 'volume' },
        meter(`${d.drive} used`, d.usage_percent, d.usage_percent > 90 ? 'bad' : d.usage_percent > 80 ? 'warn' : ''),
        h('p', {}, `${round(d.used_gb)} GB used of ${round(d.total_gb)} GB, ${round(d.free_gb)} GB free`)
      )
    ),
  ping_test: (t) => {
    const p = res(t, 'packets') || {};
    const l = res(t, 'latency_ms') || {};
    return facts([
      ['Host', res(t, 'host')],
      ['Average latency', unit(l.avg, 'ms')],
      ['Maximum latency', unit(l.max, 'ms')],
      ['Jitter (stdev)', unit((res(t, 'interval_stats') || {}).stdev, 'ms')],
      ['Packet loss', pct(p.loss_percent ?? res(t, 'packet_loss_percent'))],
      ['Packets', p.sent === undefined ? null : `${p.received} of ${p.sent} received`],
      ['Stability score', hr(t, 'stability_score')],
    ]);
  },
  iperf_test: (t) => {
    const tp = hr(t, 'throughput') || {};
    return [
      facts([
        ['Server', res(t, 'server')],
        ['Direction', hr(t, 'direction')],
        ['Protocol', hr(t, 'protocol') || res(t, 'protocol')],
        ['Mean', mbps(tp.mean)],
        ['Median', mbps(tp.median)],
        ['10th–90th percentile', tp.p10 === undefined ? null : `${round(tp.p10)}–${round(tp.p90)} Mbps`],
        ['Stability score', hr(t, 'stability_score')],
        ['Duration', unit(res(t, 'duration_seconds'), 's', 1)],
      ]),
      throughputChart(throughputSeries(t), 'Throughput'),
    ];
  },
  speedtest: (t) => [
    facts([
      ['Download', mbps(hr(t, 'download_mbps'))],
      ['Upload', mbps(hr(t, 'upload_mbps'))],
      ['Ping', unit(hr(t, 'ping_ms'), 'ms')],
      ['Jitter', unit(hr(t, 'jitter_ms'), 'ms')],
      ['Server', hr(t, 'server_description')],
      ['ISP', hr(t, 'isp')],
      ['Score', hr(t, 'score')],
    ]),
    throughputSeries(t).length
      ? throughputChart(throughputSeries(t), 'Throughput')
      : barChart([['Download', num(hr(t, 'download_mbps'))], ['Upload', num(hr(t, 'upload_mbps'))]], 'Mbps', 'Internet speed'),
  ],
  battery_health_report: (t) => [
    num(res(t, 'wear_level_percent')) !== undefined ? meter('Wear', res(t, 'wear_level_percent'), res(t, 'wear_level_percent') > 40 ? 'bad' : '') : null,
    facts([
      ['Health', res(t, 'health_verdict')],
      ['Capacity', pct(res(t, 'capacity_percent'))],
      ['Cycle count', res(t, 'cycle_count')],
      ['Full / design', res(t, 'energy_full_wh') === undefined ? null : `${res(t, 'energy_full_wh')} / ${res(t, 'energy_full_design_wh')} Wh`],
      ['Charge', pct(res(t, 'percent'))],
      ['State', res(t, 'state')],
      ['Vendor / model', [res(t, 'vendor'), res(t, 'model')].filter(Boolean).join(' ')],
      ['Chemistry', res(t, 'technology')],
      ['Temperature', unit(res(t, 'temperature_c'), '°C', 1)],
    ]),
  ],
  winsat_disk: (t) => {
    const r = res(t, 'results') || {};
    return facts([
      ['Drive', res(t, 'drive')],
      ['Score', hr(t, 'score') === undefined ? null : `${hr(t, 'score')}/100`],
      ['Random read', unit(r.random_read_mbps, 'MB/s')],
      ['Sequential read', unit(r.sequential_read_mbps, 'MB/s')],
      ['Sequential write', unit(r.sequential_write_mbps, 'MB/s')],
      ['Test mode', res(t, 'test_mode')],
    ]);
  },
  whynotwin11_check: (t) => [
    facts([['Ready for Windows 11', res(t, 'ready')], ['Host', res(t, 'hostname')]]),
    table('Checks', ['Check', 'Result'], Object.entries(res(t, 'checks') || {}).map(([k, v]) => [k, v ? 'pass' : 'FAIL'])),
  ],
  furmark_stress_test: (t) => {
    const fps = res(t, 'fps') || {};
    return [
      facts([
        ['Renderer', res(t, 'renderer')],
        ['FPS min / avg / max', fps.avg === undefined ? null : `${fps.min} / ${fps.avg} / ${fps.max}`],
        ['Duration', num(res(t, 'duration_ms')) === undefined ? null : `${round(res(t, 'duration_ms') / 1000)} s`],
      ]),
      table('GPUs', ['GPU', 'Max °C', 'Max usage', 'Core clock (MHz)'], arr(res(t, 'gpus')).map((g) => [g.name, g.max_temperature_c, pct(g.max_usage_percent), `${g.min_core_clock_mhz}–${g.max_core_clock_mhz}`])),
    ];
  },
  heavyload_stress_test: (t) =>
    facts([
      ['Summary', hr(t, 'summary')],
      ['Minutes', res(t, 'duration_minutes')],
      ['CPU', res(t, 'stress_cpu')],
      ['Memory', res(t, 'stress_memory')],
      ['Disk', res(t, 'stress_disk')],
      ['GPU', res(t, 'stress_gpu')],
      ['Exit code', res(t, 'exit_code')],
    ]),
  drivecleanup_clean: (t) => [
    facts([['Test only', hr(t, 'test_only')], ['Devices removed', hr(t, 'devices_removed')], ['Registry items', hr(t, 'registry_items_removed')]]),
    table('Counts', ['What', 'Count'], Object.entries(res(t, 'counts') || {}).map(([k, v]) => [k.replace(/_/g, ' '), v])),
  ],
  ai_startup_disable: (t) => aiBody(t, ['total_items', 'items_disabled', 'items_skipped', 'items_kept_enabled', 'estimated_boot_time_saving']),
  ai_browser_notification_disable: (t) =>
    aiBody(t, ['total_notifications', 'notifications_disabled', 'notifications_skipped', 'notifications_kept_enabled', 'estimated_reduction']),
};

function threatFacts(t, more) {
  const { found, removed } = threats(t);
  return facts([['Threats found', found], ['Removed', removed], ...more]);
}

function aiBody(t, keys) {
  return [
    facts([['Mode', hr(t, 'mode')], ['Recommendations', hr(t, 'recommendations')], ...keys.map((k) => [k.replace(/_/g, ' '), hr(t, k)]), ['Model', hr(t, 'model_used')]]),
    table('Recommended to disable', ['Item', 'Reason', 'Risk'], arr(res(t, 'to_disable')).map((i) => [i.name || i.origin || i.id, i.reason, i.risk])),
  ];
}
