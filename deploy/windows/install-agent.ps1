<#
.SYNOPSIS
  Installs the AutoService Fleet agent on a Windows PC as a Windows service, enrolled with a
  controller; or removes it (-Uninstall). Run in an elevated PowerShell (as Administrator).

.DESCRIPTION
  Install: unpacks the agent image (autoservice-agent-windows-x64.zip) into -InstallDir, enrols
  the agent with the controller (the key pair is made here and stays in -DataDir\tls), makes
  -DataDir readable by SYSTEM and Administrators only, then registers the service with the agent
  itself (agent service install: LocalSystem, automatic start, restarted on failure) and starts it.
  The service answers the service control manager: stopping it cancels the running task and
  delivers its report first.

  Uninstall: stops and removes the service, deletes -InstallDir; keeps -DataDir (the agent's
  identity and journal) unless -Purge.

  Replaces install-agent-service.ps1, which registered a bare java.exe with sc.exe (not a service:
  the SCM reported a start timeout).

.EXAMPLE
  .\install-agent.ps1 -Controller controller.shop.lan:7443 -EnrollToken AS1.xxxx -Zip .\autoservice-agent-windows-x64.zip
.EXAMPLE
  .\install-agent.ps1 -Uninstall -Purge
#>
[CmdletBinding(DefaultParameterSetName = 'Install')]
param(
  [Parameter(ParameterSetName = 'Install', Mandatory = $true)]
  [ValidatePattern('^[^\s:]+:\d{1,5}$')]
  [string] $Controller,                                  # e.g. controller.shop.lan:7443

  [Parameter(ParameterSetName = 'Install', Mandatory = $true)]
  [string] $EnrollToken,                                 # from: controller enroll create

  [Parameter(ParameterSetName = 'Install')]
  [string] $Zip = (Join-Path $PSScriptRoot 'autoservice-agent-windows-x64.zip'),

  [string] $InstallDir = (Join-Path $env:ProgramFiles 'AutoService Agent'),
  [string] $DataDir = (Join-Path $env:ProgramData 'AutoService Agent'),
  [string] $ServiceName = 'AutoServiceAgent',

  [Parameter(ParameterSetName = 'Uninstall', Mandatory = $true)]
  [switch] $Uninstall,

  [Parameter(ParameterSetName = 'Uninstall')]
  [switch] $Purge
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Assert-Administrator {
  $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
  $principal = New-Object Security.Principal.WindowsPrincipal($identity)
  if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script in an elevated PowerShell (Run as Administrator).'
  }
}

# Runs the installed agent launcher; throws with its exit code when it fails.
function Invoke-Agent([string] $What, [string[]] $Arguments) {
  $launcher = Join-Path $InstallDir 'bin\autoservice-agent.cmd'
  & $launcher @Arguments
  if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE); see the lines above." }
}

function Test-ServiceInstalled {
  return [bool](Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)
}

# SYSTEM and Administrators only, not inherited: the folder holds the agent's private key.
function Protect-DataDir {
  $acl = New-Object System.Security.AccessControl.DirectorySecurity
  $acl.SetAccessRuleProtection($true, $false)
  $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
  $none = [System.Security.AccessControl.PropagationFlags]::None
  $allow = [System.Security.AccessControl.AccessControlType]::Allow
  $full = [System.Security.AccessControl.FileSystemRights]::FullControl
  foreach ($sid in 'S-1-5-18', 'S-1-5-32-544') {             # LocalSystem, BUILTIN\Administrators
    $account = New-Object System.Security.Principal.SecurityIdentifier($sid)
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule(
      $account, $full, $inherit, $none, $allow)))
  }
  $acl.SetOwner((New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')))
  Set-Acl -Path $DataDir -AclObject $acl
}

function Install-Agent {
  if (Test-ServiceInstalled) {
    throw "Service $ServiceName is installed already; run '.\install-agent.ps1 -Uninstall' first."
  }
  if (-not (Test-Path -LiteralPath $Zip -PathType Leaf)) {
    throw "No agent image at '$Zip'; pass -Zip path\autoservice-agent-windows-x64.zip."
  }

  # Unpack next to the target, then move into place: a failed unpack leaves no half install.
  $staging = "$InstallDir.new"
  if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
  Expand-Archive -LiteralPath $Zip -DestinationPath $staging
  $image = Join-Path $staging 'autoservice-agent'
  if (-not (Test-Path -LiteralPath (Join-Path $image 'bin\autoservice-agent.cmd'))) {
    Remove-Item -LiteralPath $staging -Recurse -Force
    throw "'$Zip' holds no autoservice-agent\bin\autoservice-agent.cmd: not a Windows agent image."
  }
  if (Test-Path -LiteralPath $InstallDir) { Remove-Item -LiteralPath $InstallDir -Recurse -Force }
  Move-Item -LiteralPath $image -Destination $InstallDir
  Remove-Item -LiteralPath $staging -Recurse -Force
  Write-Host "Installed the agent in $InstallDir"

  New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
  Protect-DataDir
  if (Test-Path -LiteralPath (Join-Path $DataDir 'tls\identity.pem')) {
    Write-Host "$DataDir is enrolled already: keeping its identity (-Uninstall -Purge to start afresh)."
  } else {
    # Stop here if the token is refused: a service without a certificate could only fail to start.
    Invoke-Agent 'Enrolment' @('enroll', '--controller', $Controller, '--token', $EnrollToken,
      '--data', $DataDir)
  }

  $install = @('service', 'install', '--name', $ServiceName, '--controller', $Controller,
    '--data', $DataDir)
  $config = Join-Path $DataDir 'agent.json'
  if (Test-Path -LiteralPath $config) { $install += @('--config', $config) }
  Invoke-Agent 'Registering the service' $install
  Invoke-Agent 'Starting the service' @('service', 'start', '--name', $ServiceName)
  Write-Host "Done: the agent runs as service $ServiceName (Get-Service $ServiceName)."
  Write-Host "Its log: $(Join-Path $DataDir 'service.log')"
}

function Uninstall-Agent {
  if (Test-ServiceInstalled) {
    if (Test-Path -LiteralPath (Join-Path $InstallDir 'bin\autoservice-agent.cmd')) {
      # Stops it first (the running task is cancelled and reported), waits, then removes it.
      Invoke-Agent 'Removing the service' @('service', 'uninstall', '--name', $ServiceName)
    } else {
      Write-Warning "No agent in $InstallDir: removing service $ServiceName with sc.exe"
      sc.exe stop $ServiceName | Out-Host
      Start-Sleep -Seconds 15
      sc.exe delete $ServiceName | Out-Host
      if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $ServiceName failed (exit $LASTEXITCODE)" }
    }
  } else {
    Write-Host "Service $ServiceName is not installed."
  }
  if (Test-Path -LiteralPath $InstallDir) {
    if (-not (Test-Path -LiteralPath (Join-Path $InstallDir 'bin\autoservice-agent.cmd'))) {
      throw "$InstallDir holds no bin\autoservice-agent.cmd: not deleting it."
    }
    Remove-Item -LiteralPath $InstallDir -Recurse -Force
    Write-Host "Removed $InstallDir"
  }
  if ($Purge -and (Test-Path -LiteralPath $DataDir)) {
    Remove-Item -LiteralPath $DataDir -Recurse -Force
    Write-Host "Removed $DataDir (the agent's identity: enrol again to reinstall)"
  } elseif (Test-Path -LiteralPath $DataDir) {
    Write-Host "Kept $DataDir (its identity and journal; -Purge deletes it)"
  }
}

Assert-Administrator
if ($Uninstall) { Uninstall-Agent } else { Install-Agent }
