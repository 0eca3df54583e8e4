namespace CheckpointIoT.NanoCheck.Api;

/// <summary>
/// Reads a nanoframework-api folder: every <c>*.txt</c> listing (Roslyn PublicAPI.Shipped format) and its
/// <c>types/*.types.txt</c> shape file. Lines that cannot be placed are recorded in <see cref="ApiAssembly.Skipped"/>,
/// never guessed.
/// </summary>
public static class ApiListingParser
{
    private static readonly HashSet<string> MemberModifiers = new(StringComparer.Ordinal)
    {
        "static", "virtual", "abstract", "override", "sealed", "extern", "readonly", "const", "new",
    };

    private static readonly HashSet<string> TypeModifiers = new(StringComparer.Ordinal)
    {
        "abstract", "sealed", "static", "readonly", "ref",
    };

    private static readonly HashSet<string> ParameterModifiers = new(StringComparer.Ordinal)
    {
        "ref", "out", "in", "params", "this", "scoped", "readonly",
    };

    /// <summary>The listing files of a folder, sorted (README and types/ excluded).</summary>
    public static IReadOnlyList<string> ListingFiles(string directory) =>
        System.IO.Directory.GetFiles(directory, "*.txt")
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public static ApiCatalog Load(string directory)
    {
        var assemblies = new List<ApiAssembly>();
        foreach (var listing in ListingFiles(directory))
        {
            string name = Path.GetFileNameWithoutExtension(listing);
            string typesFile = Path.Combine(directory, "types", name + ".types.txt");
            if (!File.Exists(typesFile))
            {
                throw new InvalidDataException("missing type shapes file " + typesFile + " for listing " + listing);
            }

            var assembly = new ApiAssembly(name);
            ReadTypes(assembly, typesFile);
            assemblies.Add(assembly);
        }

        // Nesting is resolved once every type of the assembly is known.
        foreach (var assembly in assemblies)
        {
            ResolveNesting(assembly);
        }

        var catalog = new ApiCatalog(directory, assemblies);
        foreach (var assembly in assemblies)
        {
            ReadMembers(catalog, assembly, Path.Combine(directory, assembly.Name + ".txt"));
        }

        return catalog;
    }

    private static void ReadTypes(ApiAssembly assembly, string path)
    {
        var lines = File.ReadAllLines(path);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string source = Path.GetFileName(path) + ":" + (n + 1);
            var type = ParseTypeLine(assembly.Name, line, source);
            if (type == null)
            {
                assembly.Skipped.Add(source + ": unrecognised type shape: " + line);
                continue;
            }

            assembly.Types.Add(type);
        }
    }

    /// <summary>Parses "[modifiers] kind Name[&lt;T&gt;] [: base, interfaces]  [attributes]".</summary>
    internal static ApiType? ParseTypeLine(string assemblyName, string line, string source)
    {
        string attributesText = "";
        int attrStart = line.IndexOf("  [", StringComparison.Ordinal);
        if (attrStart >= 0)
        {
            attributesText = line[attrStart..].Trim();
            line = line[..attrStart];
        }

        string head = line;
        string bases = "";
        int colon = line.IndexOf(" : ", StringComparison.Ordinal);
        if (colon >= 0)
        {
            head = line[..colon];
            bases = line[(colon + 3)..];
        }

        var words = head.Split(' ', 2);
        var modifiers = new List<string>();
        while (words.Length == 2 && TypeModifiers.Contains(words[0]))
        {
            modifiers.Add(words[0]);
            words = words[1].Split(' ', 2);
        }

        if (words.Length != 2)
        {
            return null;
        }

        ApiTypeKind kind;
        switch (words[0])
        {
            case "class": kind = ApiTypeKind.Class; break;
            case "struct": kind = ApiTypeKind.Struct; break;
            case "interface": kind = ApiTypeKind.Interface; break;
            case "enum": kind = ApiTypeKind.Enum; break;
            case "delegate": kind = ApiTypeKind.Delegate; break;
            default: return null;
        }

        string name = words[1].Trim();
        string typeParameters = "";
        int lt = name.IndexOf('<');
        if (lt >= 0)
        {
            typeParameters = name[lt..];
            name = name[..lt];
        }

        var type = new ApiType(assemblyName, kind, name, typeParameters)
        {
            Source = source,
            IsAbstract = modifiers.Contains("abstract"),
            IsSealed = modifiers.Contains("sealed"),
            IsStatic = modifiers.Contains("static"),
            IsReadOnly = modifiers.Contains("readonly"),
            IsRefStruct = modifiers.Contains("ref"),
        };

        if (bases.Length > 0)
        {
            var list = ApiNames.SplitTopLevel(bases, ',');
            if (kind == ApiTypeKind.Enum)
            {
                type.EnumUnderlyingType = list[0];
            }
            else
            {
                // The base class (if any) comes first; it is told apart from interfaces later, once all kinds are known.
                type.Interfaces.AddRange(list);
            }
        }

        foreach (var attribute in SplitAttributes(attributesText))
        {
            type.Attributes.Add(attribute);
        }

        return type;
    }

    private static IEnumerable<string> SplitAttributes(string text)
    {
        int depth = 0;
        int start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[')
            {
                if (depth == 0)
                {
                    start = i + 1;
                }

                depth++;
            }
            else if (text[i] == ']')
            {
                depth--;
                if (depth == 0 && start >= 0)
                {
                    yield return text[start..i].Trim();
                    start = -1;
                }
            }
        }
    }

    private static void ResolveNesting(ApiAssembly assembly)
    {
        var byName = new Dictionary<string, ApiType>(StringComparer.Ordinal);
        foreach (var type in assembly.Types.Where(t => t.Arity == 0))
        {
            byName.TryAdd(type.FullName, type);
        }

        foreach (var type in assembly.Types)
        {
            string prefix = type.FullName;
            while (true)
            {
                int dot = prefix.LastIndexOf('.');
                if (dot < 0)
                {
                    break;
                }

                prefix = prefix[..dot];
                if (byName.TryGetValue(prefix, out var outer))
                {
                    type.DeclaringType = outer;
                    outer.NestedTypes.Add(type);
                    break;
                }
            }
        }

        foreach (var type in assembly.Types)
        {
            var outermost = type;
            while (outermost.DeclaringType != null)
            {
                outermost = outermost.DeclaringType;
            }

            int dot = outermost.FullName.LastIndexOf('.');
            type.Namespace = dot < 0 ? "" : outermost.FullName[..dot];
        }
    }

    private static void ReadMembers(ApiCatalog catalog, ApiAssembly assembly, string path)
    {
        var lines = File.ReadAllLines(path);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd();
            if (line.StartsWith('#'))
            {
                if (n == 0)
                {
                    assembly.Header = line.TrimStart('#', ' ');
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            string source = Path.GetFileName(path) + ":" + (n + 1);
            string? problem = ParseMemberLine(catalog, assembly, line, source);
            if (problem != null)
            {
                assembly.Skipped.Add(source + ": " + problem + ": " + line);
            }
        }

        // Tell base classes from interfaces now that every type's kind is known.
        foreach (var type in assembly.Types.Where(t => t.Kind is ApiTypeKind.Class && t.Interfaces.Count > 0))
        {
            var first = catalog.FindTypeForDottedReference(type.Interfaces[0]);
            if (first != null && first.Kind == ApiTypeKind.Class)
            {
                type.BaseType = type.Interfaces[0];
                type.Interfaces.RemoveAt(0);
            }
        }
    }

    /// <summary>Adds one member line to its type; returns a reason if the line was skipped.</summary>
    private static string? ParseMemberLine(ApiCatalog catalog, ApiAssembly assembly, string line, string source)
    {
        var modifiers = new List<string>();
        string rest = line;
        while (true)
        {
            int space = rest.IndexOf(' ');
            if (space <= 0 || !MemberModifiers.Contains(rest[..space]))
            {
                break;
            }

            modifiers.Add(rest[..space]);
            rest = rest[(space + 1)..];
        }

        int arrow = rest.LastIndexOf(" -> ", StringComparison.Ordinal);
        if (arrow < 0)
        {
            // A type line: the type must be known from the types file.
            string key = ApiNames.ExpandLeadingKeyword(rest);
            return catalog.FindByListingKey(key) == null ? "type line without a types-file entry" : null;
        }

        string left = rest[..arrow];
        string type = rest[(arrow + 4)..].Trim();

        string? value = null;
        int paren = left.IndexOf('(');
        if (paren < 0)
        {
            int equals = left.IndexOf(" = ", StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = left[(equals + 3)..];
                left = left[..equals];
            }
        }

        string namePart = paren >= 0 ? left[..paren] : left;
        namePart = ApiNames.ExpandLeadingKeyword(namePart);
        var container = FindContainer(catalog, namePart, out string memberPart);
        if (container == null)
        {
            return "no known containing type";
        }

        if (!string.Equals(container.Assembly, assembly.Name, StringComparison.Ordinal))
        {
            return "containing type belongs to " + container.Assembly;
        }

        ApiMember member;
        if (paren >= 0)
        {
            int close = left.LastIndexOf(')');
            if (close < paren)
            {
                return "unbalanced parameter list";
            }

            string parameters = left[(paren + 1)..close];
            string simpleName = container.Name;
            ApiMemberKind kind;
            string name = memberPart;
            string typeParameters = "";
            if (memberPart == simpleName)
            {
                kind = ApiMemberKind.Constructor;
            }
            else if (memberPart.StartsWith("operator ", StringComparison.Ordinal))
            {
                kind = ApiMemberKind.Operator;
            }
            else if (memberPart.StartsWith("implicit operator ", StringComparison.Ordinal) ||
                     memberPart.StartsWith("explicit operator ", StringComparison.Ordinal))
            {
                kind = ApiMemberKind.Conversion;
            }
            else if (memberPart == "~" + simpleName)
            {
                // A finalizer: not callable, nothing to check against.
                return null;
            }
            else
            {
                kind = ApiMemberKind.Method;
                int lt = memberPart.IndexOf('<');
                if (lt >= 0)
                {
                    typeParameters = memberPart[lt..];
                    name = memberPart[..lt];
                }

                if (!IsIdentifier(name))
                {
                    return "unrecognised method name";
                }
            }

            member = new ApiMember(kind, name, type, source) { TypeParameters = typeParameters };
            if (!TryParseParameters(parameters, member.Parameters))
            {
                return "unrecognised parameter list";
            }
        }
        else if (memberPart.EndsWith(".get", StringComparison.Ordinal) || memberPart.EndsWith(".set", StringComparison.Ordinal))
        {
            bool getter = memberPart.EndsWith(".get", StringComparison.Ordinal);
            string property = memberPart[..^4];
            ApiMember accessor;
            if (property.StartsWith("this[", StringComparison.Ordinal) && property.EndsWith(']'))
            {
                accessor = new ApiMember(ApiMemberKind.Indexer, "this", getter ? type : "", source);
                if (!TryParseParameters(property[5..^1], accessor.Parameters))
                {
                    return "unrecognised indexer parameters";
                }
            }
            else if (IsIdentifier(property))
            {
                accessor = new ApiMember(ApiMemberKind.Property, property, getter ? type : "", source);
            }
            else
            {
                return "unrecognised property";
            }

            var existing = container.Members.FirstOrDefault(m => m.Kind == accessor.Kind && m.Key == accessor.Key);
            if (existing == null)
            {
                existing = accessor;
                container.Members.Add(existing);
            }
            else if (getter && existing.Type.Length == 0)
            {
                // The set line came first (ordinal sort never does that, but stay safe): rebuild with the type.
                var rebuilt = new ApiMember(existing.Kind, existing.Name, type, existing.Source) { HasSetter = existing.HasSetter };
                rebuilt.Parameters.AddRange(existing.Parameters);
                rebuilt.Modifiers.UnionWith(existing.Modifiers);
                container.Members[container.Members.IndexOf(existing)] = rebuilt;
                existing = rebuilt;
            }

            if (getter)
            {
                existing.HasGetter = true;
            }
            else
            {
                existing.HasSetter = true;
            }

            existing.Modifiers.UnionWith(modifiers);
            return null;
        }
        else if (value != null)
        {
            if (!IsIdentifier(memberPart))
            {
                return "unrecognised constant name";
            }

            var kind = modifiers.Contains("const") ? ApiMemberKind.Constant : ApiMemberKind.EnumMember;
            member = new ApiMember(kind, memberPart, type, source) { Value = value };
        }
        else
        {
            if (!IsIdentifier(memberPart))
            {
                return "unrecognised field or event name";
            }

            var fieldType = catalog.FindTypeForDottedReference(type);
            bool isEvent = fieldType != null && fieldType.Kind == ApiTypeKind.Delegate && fieldType.FullName == StripGenericArguments(type);
            member = new ApiMember(isEvent ? ApiMemberKind.Event : ApiMemberKind.Field, memberPart, type, source);
        }

        member.Modifiers.UnionWith(modifiers);
        member.Modifiers.Remove("const");
        container.Members.Add(member);
        return null;
    }

    private static string StripGenericArguments(string type)
    {
        int lt = type.IndexOf('<');
        return lt < 0 ? type : type[..lt];
    }

    /// <summary>Finds the longest prefix of <paramref name="namePart"/> that is a known type, splitting at top-level dots.</summary>
    private static ApiType? FindContainer(ApiCatalog catalog, string namePart, out string memberPart)
    {
        memberPart = "";
        ApiType? best = null;
        int depth = 0;
        for (int i = 0; i < namePart.Length; i++)
        {
            char c = namePart[i];
            if (c is '<' or '[')
            {
                depth++;
            }
            else if (c is '>' or ']')
            {
                depth--;
            }
            else if (c == ' ' && depth == 0)
            {
                // "implicit operator X", "operator ==": the container ends before the first space.
                break;
            }
            else if (c == '.' && depth == 0)
            {
                var candidate = catalog.FindByListingKey(namePart[..i]);
                if (candidate != null)
                {
                    best = candidate;
                    memberPart = namePart[(i + 1)..];
                }
            }
        }

        return best;
    }

    private static bool TryParseParameters(string text, List<ApiParameter> into)
    {
        if (text.Trim().Length == 0)
        {
            return true;
        }

        foreach (var part in ApiNames.SplitTopLevel(text, ','))
        {
            string declaration = part;
            string? defaultValue = null;
            int equals = IndexOfTopLevel(declaration, " = ");
            if (equals >= 0)
            {
                defaultValue = declaration[(equals + 3)..].Trim();
                declaration = declaration[..equals];
            }

            var modifiers = new List<string>();
            string rest = declaration.Trim();
            while (true)
            {
                int space = rest.IndexOf(' ');
                if (space <= 0 || !ParameterModifiers.Contains(rest[..space]))
                {
                    break;
                }

                modifiers.Add(rest[..space]);
                rest = rest[(space + 1)..];
            }

            int last = rest.LastIndexOf(' ');
            if (last <= 0)
            {
                return false;
            }

            string name = rest[(last + 1)..];
            string type = rest[..last].Trim();
            if (!IsIdentifier(name.TrimStart('@')) || type.Length == 0)
            {
                return false;
            }

            into.Add(new ApiParameter(string.Join(" ", modifiers), type, name, defaultValue));
        }

        return true;
    }

    private static int IndexOfTopLevel(string text, string token)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '<' or '(' or '[')
            {
                depth++;
            }
            else if (c is '>' or ')' or ']')
            {
                depth--;
            }
            else if (depth == 0 && string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');
}
