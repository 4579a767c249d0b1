using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace M1Parallel.MagenticOne.Tests.Agents.FileSurfer;

/// <summary>Writes real PDF, XLSX and PPTX files for the FileSurfer's tests.</summary>
internal static class OfficeFiles
{
    /// <summary>A PDF with one page per entry of <paramref name="pages"/>, each line of it written as text.</summary>
    public static void Pdf(string path, params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            for (var i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 12, new PdfPoint(50, 750 - (20 * i)), font);
            }
        }

        File.WriteAllBytes(path, builder.Build());
    }

    /// <summary>A workbook with one sheet per entry of <paramref name="sheets"/>; a cell is a string (shared), a
    /// double (number) or a <see cref="DateTime"/> (a number in a date style).</summary>
    public static void Xlsx(string path, params (string Name, object[][] Rows)[] sheets)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new S.Workbook(new S.Sheets());
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new S.Stylesheet(new S.CellFormats(
            new S.CellFormat { NumberFormatId = 0 },
            new S.CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
        var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
        sharedPart.SharedStringTable = new S.SharedStringTable();
        var shared = new List<string>();
        uint sheetId = 1;
        foreach (var (name, rows) in sheets)
        {
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new S.SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new S.Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var cell = new S.Cell { CellReference = $"{(char)('A' + c)}{r + 1}" };
                    switch (rows[r][c])
                    {
                        case string s:
                            if (!shared.Contains(s))
                            {
                                shared.Add(s);
                                sharedPart.SharedStringTable.AppendChild(new S.SharedStringItem(new S.Text(s)));
                            }

                            cell.DataType = S.CellValues.SharedString;
                            cell.CellValue = new S.CellValue(shared.IndexOf(s).ToString(System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case double d:
                            cell.CellValue = new S.CellValue(d);
                            break;
                        case DateTime date:
                            cell.StyleIndex = 1;
                            cell.CellValue = new S.CellValue(date.ToOADate());
                            break;
                    }

                    row.AppendChild(cell);
                }

                data.AppendChild(row);
            }

            sheetPart.Worksheet = new S.Worksheet(data);
            workbook.Workbook.Sheets!.AppendChild(new S.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = sheetId++, Name = name });
        }
    }

    /// <summary>A deck with one slide: a title, a text box, a table of <paramref name="table"/> and speaker notes.</summary>
    public static void Pptx(string path, string title, string body, string[][] table, string notes)
    {
        using var document = PresentationDocument.Create(path, PresentationDocumentType.Presentation);
        var presentation = document.AddPresentationPart();
        var slidePart = presentation.AddNewPart<SlidePart>();
        var rows = table.Select(r => new A.TableRow(r.Select(c => new A.TableCell(new A.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(c)))))))
            { Height = 370840 });
        var tableElement = new A.Table(new A.TableProperties(), new A.TableGrid(table[0].Select(_ => new A.GridColumn { Width = 3000000 })));
        tableElement.Append(rows);
        slidePart.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(
            new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
            new P.GroupShapeProperties(),
            Shape(2, "Title", title, P.PlaceholderValues.Title),
            Shape(3, "Text", body, null),
            new P.GraphicFrame(
                new P.NonVisualGraphicFrameProperties(new P.NonVisualDrawingProperties { Id = 4, Name = "Table" }, new P.NonVisualGraphicFrameDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                new P.Transform(),
                new A.Graphic(new A.GraphicData(tableElement)
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" })))));
        var notesPart = slidePart.AddNewPart<NotesSlidePart>();
        notesPart.NotesSlide = new P.NotesSlide(new P.CommonSlideData(new P.ShapeTree(
            new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
            new P.GroupShapeProperties(),
            Shape(2, "Notes", notes, P.PlaceholderValues.Body))));
        presentation.Presentation = new P.Presentation(new P.SlideIdList(new P.SlideId { Id = 256, RelationshipId = presentation.GetIdOfPart(slidePart) }));
    }

    private static P.Shape Shape(uint id, string name, string text, P.PlaceholderValues? placeholder)
    {
        var application = new P.ApplicationNonVisualDrawingProperties();
        if (placeholder is { } type)
        {
            application.AppendChild(new P.PlaceholderShape { Type = type });
        }

        return new P.Shape(
            new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = id, Name = name }, new P.NonVisualShapeDrawingProperties(), application),
            new P.ShapeProperties(),
            new P.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.Text(text)))));
    }
}
