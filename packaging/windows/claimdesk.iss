; Inno Setup script of the Claimdesk installer for Windows (Inno Setup 6.3 or later).
;
; python packaging/build.py runs it as
;   iscc /DAppVersion=0.1.0 /DSourceDir=build\packaging\bundle\Claimdesk
;        /DOutputDir=dist /DIconFile=...\claimdesk.ico packaging\windows\claimdesk.iss
;
; It installs for the current user by default, without administrator rights
; (%LOCALAPPDATA%\Programs\Claimdesk); the first page offers "for all users" to
; administrators. It adds a Start menu entry, an optional desktop icon, the .claimdesk
; file type (double-click opens the project in Claimdesk) and an uninstaller.
; The user's projects, settings and logs are never touched by an uninstall.

#ifndef AppVersion
  #error Define AppVersion: iscc /DAppVersion=0.1.0 ...
#endif
#ifndef SourceDir
  #error Define SourceDir: the PyInstaller bundle folder (build\packaging\bundle\Claimdesk)
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\packaging\work\claimdesk\generated\icons\claimdesk.ico"
#endif

#define AppName "Claimdesk"
#define AppExe "Claimdesk.exe"
#define ProgId "Claimdesk.Project"

[Setup]
; AppId identifies the program for upgrades and the uninstaller: never change it.
AppId={{6B0E3C52-3F4A-4C0B-9B8E-2C1D7A5E9F31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Claimdesk developers
AppCopyright=MIT licence
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
LicenseFile={#SourceDir}\_internal\LICENSE
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#SourceDir}\_internal\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion
Source: "{#SourceDir}\_internal\THIRD-PARTY-NOTICES.txt"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Read news articles, highlight claims, tag actors and stances"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .claimdesk file type, for the current user or (administrator install) for all users.
Root: HKA; Subkey: "Software\Classes\.claimdesk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.claimdesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Claimdesk project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".claimdesk"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
