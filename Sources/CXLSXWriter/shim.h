// libxlsxwriter (Debian's libxlsxwriter-dev), for writing .xlsx workbooks.
#include <xlsxwriter.h>
