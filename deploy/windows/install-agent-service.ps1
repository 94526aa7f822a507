# Installs the AutoService Fleet agent as a Windows service (run in an elevated PowerShell).
# The service runs as LocalSystem, so the maintenance tools (sfc, DISM, chkdsk, ...) have the
# rights they need without any UAC prompt. Requires a Java 17 runtime; set $Java if it is not on PATH.
# Not yet exercised on a real Windows machine by the project's CI: check it on a test PC first.
param(
  [Parameter(Mandatory = $true)] [string] $Controller,        # e.g. controller.shop.lan:7443
  [Parameter(Mandatory = $true)] [string] $EnrollToken,       # from: controller enroll create
  [string] $InstallDir = "$env:ProgramFiles\AutoService",
  [string] $DataDir = "$env:ProgramData\AutoService\agent",
  [string] $Java = (Get-Command java.exe -ErrorAction Stop).Source
)
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $InstallDir, $DataDir | Out-Null
Copy-Item -Force "$PSScriptRoot\..\..\agent\target\autoservice-agent.jar" "$InstallDir\autoservice-agent.jar"
$config = Join-Path $DataDir 'agent.json'
if (-not (Test-Path $config)) { '{ "labels": {} }' | Set-Content -Encoding ascii $config }
# Enrol once now (the key pair is made here and stays in $DataDir\tls, owner-only); the service
# then connects with mutual TLS. Stop if the token is refused: a service without a certificate
# would only fail to start.
& $Java -jar "$InstallDir\autoservice-agent.jar" enroll --controller $Controller --token $EnrollToken --data $DataDir
if ($LASTEXITCODE -ne 0) { throw "enrolment failed (exit $LASTEXITCODE); make a new token with 'controller enroll create'" }
$bin = "`"$Java`" -Xmx64m -XX:+UseSerialGC -jar `"$InstallDir\autoservice-agent.jar`" connect --controller $Controller --config `"$config`" --data `"$DataDir`""
# A plain java.exe is not a service executable; the service wrapper must answer the service
# control manager. WinSW (https://github.com/winsw/winsw) is the recommended wrapper; sc.exe
# below works for a quick trial (the SCM reports a start timeout but the agent keeps running).
sc.exe create AutoServiceAgent binPath= $bin start= auto DisplayName= "AutoService Fleet agent" | Out-Host
sc.exe failure AutoServiceAgent reset= 86400 actions= restart/5000/restart/5000/restart/60000 | Out-Host
sc.exe start AutoServiceAgent | Out-Host
