using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>PowerPoint decks (.pptx): per slide a "Slide N" marker, the title as a "#" heading, the text of each shape,
/// tables as markdown tables, pictures by their alt text, and the speaker notes under "### Notes:".</summary>
internal sealed class PptxFormat : IFileFormat
{
    public string Name => "PowerPoint .pptx";

    public IReadOnlyList<string> Extensions { get; } = [".pptx"];

    public string ToText(string realPath)
    {
        using var document = PresentationDocument.Open(realPath, false);
        var presentation = document.PresentationPart ?? throw new FormatException("the presentation part is missing");
        var slideIds = presentation.Presentation?.SlideIdList?.Elements<P.SlideId>().ToList() ?? [];
        var text = new StringBuilder();
        for (var n = 0; n < slideIds.Count; n++)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<!-- Slide number: {n + 1} -->"));
            if (slideIds[n].RelationshipId?.Value is { } id && presentation.GetPartById(id) is SlidePart slide)
            {
                AppendShapes(text, slide.Slide?.CommonSlideData?.ShapeTree);
                var notes = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree?.Descendants<P.Shape>()
                    .Where(s => PlaceholderType(s) == P.PlaceholderValues.Body)
                    .Select(ShapeText)
                    .Where(t => t.Length > 0)
                    .ToList() ?? [];
                if (notes.Count > 0)
                {
                    text.AppendLine().AppendLine("### Notes:").AppendLine(string.Join("\n", notes));
                }
            }

            text.AppendLine();
        }

        return slideIds.Count == 0 ? "(the presentation has no slides)" : text.ToString().TrimEnd();
    }

    private static void AppendShapes(StringBuilder text, OpenXmlElement? shapeTree)
    {
        foreach (var element in shapeTree?.Descendants() ?? [])
        {
            switch (element)
            {
                case P.Shape shape:
                    var shapeText = ShapeText(shape);
                    if (shapeText.Length > 0)
                    {
                        var type = PlaceholderType(shape);
                        var title = type == P.PlaceholderValues.Title || type == P.PlaceholderValues.CenteredTitle;
                        text.AppendLine(title ? "# " + shapeText.Replace('\n', ' ') : shapeText);
                    }

                    break;
                case A.Table table:
                    var rows = table.Elements<A.TableRow>()
                        .Select(r => (IReadOnlyList<string>)r.Elements<A.TableCell>().Select(c => Paragraphs(c.TextBody)).ToList())
                        .ToList();
                    MarkdownTable.Append(text, rows);
                    break;
                case P.Picture picture:
                    var properties = picture.NonVisualPictureProperties?.NonVisualDrawingProperties;
                    var alt = properties?.Description?.Value is { Length: > 0 } d ? d : properties?.Name?.Value ?? "picture";
                    text.Append("[picture: ").Append(alt).AppendLine("]");
                    break;
            }
        }
    }

    private static P.PlaceholderValues? PlaceholderType(P.Shape shape)
    {
        var placeholder = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape;
        return placeholder is null ? null : placeholder.Type?.Value ?? P.PlaceholderValues.Object;
    }

    private static string ShapeText(P.Shape shape) => Paragraphs(shape.TextBody);

    private static string Paragraphs(OpenXmlElement? textBody) =>
        textBody is null
            ? string.Empty
            : string.Join("\n", textBody.Elements<A.Paragraph>().Select(p => string.Concat(p.Descendants<A.Text>().Select(t => t.Text)))).Trim();
}
