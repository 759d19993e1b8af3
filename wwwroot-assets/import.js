// The Import tab's folder picker: where each picked file sits inside the folder (Blazor passes only its name), so a
// case folder keeps its images/ and notes/ (docs/CASE-FOLDER.md).
window.ledgerImport = {
    relativePaths: input => Array.from(input.files, f => f.webkitRelativePath || f.name)
};
