# The language identifier loads its model from a data file beside its modules.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("py3langid")
