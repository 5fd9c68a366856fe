; Inno Setup script for Windows (untested here: this project builds on Linux).
; 1. On Windows: python -m venv .venv && .venv\Scripts\pip install torch -e ".[installer]"
; 2. .venv\Scripts\python -m PyInstaller --noconfirm installer\aigc-desktop.spec   -> dist\AIGC-Desktop\
; 3. iscc installer\windows\aigc-desktop.iss                                     -> dist\AIGC-Desktop-Setup.exe
#define AppName "AIGC Desktop"
#define AppVersion "0.1.0"
#define AppExe "aigc-desktop.exe"

[Setup]
AppId={{6A1D3F0E-6C55-4B1B-9E0B-AIGCDESKTOP01}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=AIGC Desktop developers
DefaultDirName={autopf}\AIGC Desktop
DefaultGroupName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=AIGC-Desktop-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\aigc-desktop.ico
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\AIGC-Desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.aigc"; ValueType: string; ValueName: ""; ValueData: "AIGCDesktop.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\AIGCDesktop.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
