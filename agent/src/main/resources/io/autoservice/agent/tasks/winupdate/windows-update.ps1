# AutoService windows_update script (Windows PowerShell 5.1 or PowerShell 7).
#
# Written to a temporary file by the agent's WindowsUpdateHandler and run with
#   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <this file>
# The three $Param* lines below are the only text the agent substitutes, each with the
# PowerShell literal $true or $false. The file is ASCII only.
#
# Protocol on stdout (UTF-8):
#   [WU] <stage> <percent>[ <detail>]          progress, one line per step, flushed at once
#   =====AUTOSERVICE-WU-JSON-BEGIN=====        then one line of JSON (the result), then
#   =====AUTOSERVICE-WU-JSON-END=====
# Anything else on stdout or stderr (module warnings, errors) is not part of the protocol.
# Progress is written with [Console]::Out, not Write-Host: in Windows PowerShell 5.1 Write-Host
# goes to stdout when redirected, mixed with everything else, which is what broke the original.

$ParamMicrosoftUpdate = @@MICROSOFT_UPDATE@@
$ParamAcceptAll = @@ACCEPT_ALL@@
$ParamIgnoreReboot = @@IGNORE_REBOOT@@

$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$ConfirmPreference = 'None'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { }

$script:Started = Get-Date
$script:Errors = New-Object System.Collections.ArrayList
$script:Warnings = New-Object System.Collections.ArrayList
$script:Out = [ordered]@{
  meta = [ordered]@{
    module_available = $false
    module_version = $null
    get_command = $null
    install_command = $null
    microsoft_update = $ParamMicrosoftUpdate
    accept_all = $ParamAcceptAll
    ignore_reboot = $ParamIgnoreReboot
    powershell_version = [string]$PSVersionTable.PSVersion
  }
  pre_scan = [ordered]@{ items = @() }
  install = [ordered]@{ attempted = $false; items = @() }
  post_scan = [ordered]@{ scanned = $false; items = @() }
  reboot_required = $false
  timings = [ordered]@{ pre_scan_seconds = 0; install_seconds = 0; post_scan_seconds = 0; total_seconds = 0 }
  errors = $script:Errors
  warnings = $script:Warnings
}

function Send-Line([string]$Text) {
  [Console]::Out.WriteLine($Text)
  [Console]::Out.Flush()
}

function Send-Progress([string]$Stage, [int]$Percent, [string]$Detail = '') {
  $line = '[WU] ' + $Stage + ' ' + $Percent
  if ($Detail) { $line += ' ' + ($Detail -replace '[\r\n]+', ' ') }
  Send-Line $line
}

function Add-Error([string]$Where, $Err) {
  $message = if ($Err -is [System.Management.Automation.ErrorRecord]) { $Err.ToString() } else { [string]$Err }
  [void]$script:Errors.Add([ordered]@{ where = $Where; message = $message })
}

function Add-Warnings($Records) {
  foreach ($w in @($Records)) { if ($w) { [void]$script:Warnings.Add([string]$w) } }
}

function Get-Seconds($From) { [math]::Round(((Get-Date) - $From).TotalSeconds, 1) }

function Get-Category($U) {
  $names = @()
  try { if ($U.Categories) { $names = @($U.Categories | ForEach-Object { [string]$_.Name } | Where-Object { $_ }) } } catch { }
  if ($names.Count -eq 0 -and $U.PSObject.Properties['Category'] -and $U.Category) { $names = @([string]$U.Category) }
  return ($names -join ', ')
}

function Get-Key($U) {
  try { if ($U.Identity -and $U.Identity.UpdateID) { return [string]$U.Identity.UpdateID } } catch { }
  return ([string]$U.KB + '|' + [string]$U.Title)
}

function Convert-Item($U, [string]$Stage) {
  $category = Get-Category $U
  $kb = ''
  if ($U.PSObject.Properties['KB'] -and $U.KB) { $kb = [string]$U.KB }
  elseif ($U.KBArticleIDs -and @($U.KBArticleIDs).Count -gt 0) { $kb = 'KB' + [string](@($U.KBArticleIDs)[0]) }
  $size = ''
  if ($U.PSObject.Properties['Size'] -and $U.Size) { $size = [string]$U.Size }
  $result = $null
  if ($U.PSObject.Properties['Result'] -and $U.Result) { $result = [string]$U.Result }
  $status = $null
  if ($U.PSObject.Properties['Status'] -and $U.Status) { $status = [string]$U.Status }
  $isDriver = $category -match 'driver'
  try { if ([int]$U.Type -eq 2) { $isDriver = $true } } catch { }
  [ordered]@{
    Stage = $Stage; Title = [string]$U.Title; KB = $kb; Size = $size; Category = $category
    Result = $result; Status = $status; IsDriver = [bool]$isDriver
  }
}

function Copy-Entry($Item, [string]$Stage) {
  $copy = [ordered]@{}
  foreach ($k in @($Item.Keys)) { $copy[$k] = $Item[$k] }
  $copy['Stage'] = $Stage
  $copy
}

function Send-Result {
  $script:Out.timings.total_seconds = Get-Seconds $script:Started
  $json = $script:Out | ConvertTo-Json -Depth 8 -Compress
  Send-Line '=====AUTOSERVICE-WU-JSON-BEGIN====='
  Send-Line $json
  Send-Line '=====AUTOSERVICE-WU-JSON-END====='
}

function Initialize-Module {
  Send-Progress 'prepare module' 2
  try {
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
  } catch { }
  $present = Get-Module -ListAvailable -Name PSWindowsUpdate | Select-Object -First 1
  if (-not $present) {
    Send-Progress 'prepare module' 4 'installing PSWindowsUpdate from the PowerShell Gallery'
    $policy = $null
    try {
      $nuget = Get-PackageProvider -ListAvailable -Name NuGet -ErrorAction SilentlyContinue |
        Where-Object { $_.Version -ge [version]'2.8.5.201' }
      if (-not $nuget) {
        Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force -Scope AllUsers -ErrorAction Stop | Out-Null
      }
      $policy = (Get-PSRepository -Name PSGallery -ErrorAction SilentlyContinue).InstallationPolicy
      Set-PSRepository -Name PSGallery -InstallationPolicy Trusted -ErrorAction Stop
      try {
        Install-Module -Name PSWindowsUpdate -Force -Scope AllUsers -AllowClobber -ErrorAction Stop -WarningAction SilentlyContinue
      } catch {
        Install-Module -Name PSWindowsUpdate -Force -Scope CurrentUser -AllowClobber -ErrorAction Stop -WarningAction SilentlyContinue
      }
    } catch {
      Add-Error 'Module Install' $_
    } finally {
      if ($policy -and $policy -ne 'Trusted') {
        try { Set-PSRepository -Name PSGallery -InstallationPolicy $policy -ErrorAction SilentlyContinue } catch { }
      }
    }
  }
  try {
    Import-Module PSWindowsUpdate -ErrorAction Stop -WarningAction SilentlyContinue
  } catch {
    Add-Error 'Module Check' ('PSWindowsUpdate module is not available: ' + $_.ToString())
    return $false
  }
  $loaded = Get-Module -Name PSWindowsUpdate | Select-Object -First 1
  $script:Out.meta.module_available = $true
  $script:Out.meta.module_version = [string]$loaded.Version
  $script:Out.meta.get_command = if (Get-Command Get-WindowsUpdate -ErrorAction SilentlyContinue) { 'Get-WindowsUpdate' } else { 'Get-WUList' }
  $script:Out.meta.install_command = if (Get-Command Install-WindowsUpdate -ErrorAction SilentlyContinue) { 'Install-WindowsUpdate' } else { 'Get-WUInstall' }
  Send-Progress 'prepare module' 8 ('PSWindowsUpdate ' + $script:Out.meta.module_version)
  return $true
}

function Invoke-Scan([string]$Where, [string]$Stage, [hashtable]$Common) {
  $scanErrors = $null
  $scanWarnings = $null
  $found = @()
  try {
    $found = @(& $script:Out.meta.get_command @Common -ErrorAction SilentlyContinue -ErrorVariable scanErrors -WarningAction SilentlyContinue -WarningVariable scanWarnings)
  } catch {
    Add-Error $Where $_
  }
  foreach ($e in @($scanErrors)) { if ($e) { Add-Error $Where $e } }
  Add-Warnings $scanWarnings
  return @($found | Where-Object { $_ -and $_.Title } | ForEach-Object { Convert-Item $_ $Stage })
}

function Invoke-Install([hashtable]$Common, [int]$Total) {
  $final = [ordered]@{}
  $downloaded = New-Object System.Collections.Generic.HashSet[string]
  $finished = New-Object System.Collections.Generic.HashSet[string]
  $installErrors = $null
  $installWarnings = $null
  Send-Progress ('install 0/' + $Total) 30
  try {
    # -IgnoreReboot always: without it PSWindowsUpdate asks "Reboot is required. Do it now?", which
    # fails under -NonInteractive, and a restart in the middle of a plan would lose the run's report.
    & $script:Out.meta.install_command @Common -AcceptAll:$ParamAcceptAll -IgnoreReboot -Confirm:$false `
      -ErrorAction SilentlyContinue -ErrorVariable installErrors -WarningAction SilentlyContinue -WarningVariable installWarnings |
      ForEach-Object {
        if (-not $_ -or -not $_.Title) { return }
        $key = Get-Key $_
        $item = Convert-Item $_ 'installed'
        $final[$key] = $item
        $result = [string]$item.Result
        if ($result -match '^Downloaded' -and $downloaded.Add($key)) {
          $n = [math]::Min($downloaded.Count, $Total)
          Send-Progress ('download ' + $n + '/' + $Total) (30 + [int](25 * $n / [math]::Max($Total, 1))) $item.Title
        } elseif ($result -match '^(Installed|Failed|Succeeded|Aborted)' -and $finished.Add($key)) {
          $n = [math]::Min($finished.Count, $Total)
          Send-Progress ('install ' + $n + '/' + $Total) (55 + [int](30 * $n / [math]::Max($Total, 1))) $item.Title
        }
      }
  } catch {
    Add-Error 'InstallUpdates' $_
  }
  foreach ($e in @($installErrors)) { if ($e) { Add-Error 'InstallUpdates' $e } }
  Add-Warnings $installWarnings
  return @($final.Values)
}

function Test-RebootRequired {
  $reboot = $false
  try {
    if (Get-Command Get-WURebootStatus -ErrorAction SilentlyContinue) {
      $reboot = [bool](Get-WURebootStatus -Silent -ErrorAction Stop)
    }
  } catch { Add-Warnings ('Get-WURebootStatus failed: ' + $_.ToString()) }
  if (-not $reboot) {
    if (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') { $reboot = $true }
  }
  if (-not $reboot) {
    try {
      $pending = Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name PendingFileRenameOperations -ErrorAction Stop
      if ($pending.PendingFileRenameOperations) { $reboot = $true }
    } catch { }
  }
  return $reboot
}

function Invoke-Main {
  if (-not (Initialize-Module)) { return 1 }
  $common = @{}
  if ($ParamMicrosoftUpdate) {
    $common['MicrosoftUpdate'] = $true
    try {
      Add-WUServiceManager -MicrosoftUpdate -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue | Out-Null
    } catch {
      Add-Warnings ('Could not register the Microsoft Update service: ' + $_.ToString())
    }
  }

  Send-Progress 'pre-scan' 10
  $t = Get-Date
  $available = @(Invoke-Scan 'Pre-scan' 'available' $common)
  $script:Out.pre_scan.items = $available
  $script:Out.timings.pre_scan_seconds = Get-Seconds $t
  Send-Progress 'pre-scan' 25 ([string]$available.Count + ' update(s) available')

  if ($available.Count -gt 0 -and -not $ParamAcceptAll) {
    Add-Warnings 'accept_all is false: updates were listed, not installed'
    $script:Out.post_scan.items = @($available | ForEach-Object { Copy-Entry $_ 'remaining' })
  } elseif ($available.Count -gt 0) {
    $t = Get-Date
    $script:Out.install.attempted = $true
    $script:Out.install.items = @(Invoke-Install $common $available.Count)
    $script:Out.timings.install_seconds = Get-Seconds $t

    Send-Progress 'post-scan' 90
    $t = Get-Date
    $script:Out.post_scan.scanned = $true
    $script:Out.post_scan.items = @(Invoke-Scan 'Post-scan' 'remaining' $common)
    $script:Out.timings.post_scan_seconds = Get-Seconds $t
  }

  Send-Progress 'reboot check' 97
  $script:Out.reboot_required = [bool](Test-RebootRequired)
  if ($script:Out.reboot_required -and -not $ParamIgnoreReboot) {
    Add-Warnings 'ignore_reboot is false, but the agent never restarts the PC during a run: restart it when the run is over'
  }
  return 0
}

$exitCode = 1
try {
  $exitCode = Invoke-Main | Select-Object -Last 1
  if ($null -eq $exitCode) { $exitCode = 1 }
} catch {
  Add-Error 'Script' $_
  $exitCode = 1
}
Send-Progress 'done' 100
Send-Result
exit ([int]$exitCode)
