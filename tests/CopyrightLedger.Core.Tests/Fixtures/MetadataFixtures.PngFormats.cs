using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>
/// The golden fixtures: one small file per format, written byte for byte the way each tool writes its metadata
/// (docs/FORMATS.md names the tool's source for each). The pixels are a plain 8x8 gradient; only the metadata matters.
/// The files are committed under tests/fixtures/metadata; <see cref="MetadataFixtureTests"/> holds them to this code.
/// </summary>
public static partial class MetadataFixtures
{
    private static byte[] Png(params (string Keyword, string Text)[] text) => PngWith(text, []);

    private static byte[] PngWith((string Keyword, string Text)[] text, (string Type, byte[] Data)[] extra)
    {
        var rgb = new byte[8 * 8 * 3];
        for (var i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 5);
        return PngEncoder.Encode(8, 8, rgb, text, null, extra);
    }

    public const string A1111Parameters =
        "masterpiece, best quality, 1girl, <lora:filmGrain:0.7>,\nlooking back, dusk\n" +
        "Negative prompt: lowres, bad anatomy,\nworst quality\n" +
        "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 3370561224, Size: 512x768, " +
        "Model hash: fc2511737a, Model: chilloutmix_NiPrunedFp32Fix, Denoising strength: 0.45, Init image hash: 6f1ed002ab, " +
        "Lora hashes: \"filmGrain: 9d0f5a8e2b11\", Hashes: {\"model\": \"fc2511737a\", \"lora:filmGrain\": \"9d0f5a8e2b11\"}, " +
        "Civitai resources: [{\"type\":\"checkpoint\",\"modelVersionId\":11745}], Version: v1.10.1";

    public const string ForgeParameters =
        "a lighthouse at dawn, volumetric fog\n" +
        "Steps: 20, Sampler: Euler, Schedule type: Simple, CFG scale: 1, Distilled CFG Scale: 3.5, Seed: 1083098466, Size: 1360x792, " +
        "Model hash: 58725940e3, Model: flux-hyp16-Q5_0, Lora hashes: \"flux_lora_nina1: e3b0c44298fc\", " +
        "Version: f2.0.1v1.10.1-previous-530-g8bd7e056, Diffusion in Low Bits: Automatic (fp16 LoRA), Module 1: ae, Module 2: clip_l, Module 3: t5xxl_fp8_e4m3fn";

    public const string SdNextParameters =
        "portrait of an old fisherman\nNegative prompt: blurry\n" +
        "Steps: 30, Sampler: DPM++ 2M, CFG scale: 5, Seed: 42, Size: 832x1216, Model: sdxl_base, Model hash: 31e35c80fc, App: SD.Next, Version: 2024-11-15";

    public const string ComfyPrompt = """
        {"3":{"class_type":"KSampler","inputs":{"cfg":8,"denoise":1,"latent_image":["5",0],"model":["4",0],"negative":["7",0],"positive":["6",0],"sampler_name":"euler","scheduler":"normal","seed":8566257,"steps":20}},"4":{"class_type":"CheckpointLoaderSimple","inputs":{"ckpt_name":"v1-5-pruned-emaonly.safetensors"}},"5":{"class_type":"EmptyLatentImage","inputs":{"batch_size":1,"height":512,"width":512}},"6":{"class_type":"CLIPTextEncode","inputs":{"clip":["4",1],"text":"masterpiece best quality girl"}},"7":{"class_type":"CLIPTextEncode","inputs":{"clip":["4",1],"text":"bad hands"}},"8":{"class_type":"VAEDecode","inputs":{"samples":["3",0],"vae":["4",2]}},"9":{"class_type":"SaveImage","inputs":{"filename_prefix":"ComfyUI","images":["8",0]}}}
        """;

    public const string ComfyWorkflow = """
        {"last_node_id":9,"last_link_id":9,"nodes":[{"id":3,"type":"KSampler","widgets_values":[8566257,"fixed",20,8,"euler","normal",1]},{"id":9,"type":"SaveImage","widgets_values":["ComfyUI"]}],"links":[[9,8,0,9,0,"IMAGE"]],"groups":[],"config":{},"extra":{},"version":0.4}
        """;

    public const string ComfySdxlPrompt = """
        {"10":{"class_type":"CheckpointLoaderSimple","inputs":{"ckpt_name":"sd_xl_base_1.0.safetensors"}},"11":{"class_type":"LoraLoader","inputs":{"lora_name":"ink_style.safetensors","strength_model":0.8,"strength_clip":0.8,"model":["10",0],"clip":["10",1]}},"12":{"class_type":"CLIPTextEncodeSDXL","inputs":{"text_g":"an ink drawing of a crane","text_l":"ink, crane, minimal","width":1024,"height":1024,"crop_w":0,"crop_h":0,"target_width":1024,"target_height":1024,"clip":["11",1]}},"13":{"class_type":"CLIPTextEncodeSDXL","inputs":{"text_g":"photo","text_l":"photo","width":1024,"height":1024,"crop_w":0,"crop_h":0,"target_width":1024,"target_height":1024,"clip":["11",1]}},"14":{"class_type":"EmptyLatentImage","inputs":{"width":1024,"height":1024,"batch_size":1}},"15":{"class_type":"KSamplerAdvanced","inputs":{"add_noise":"enable","noise_seed":18446744073709551615,"steps":25,"cfg":7.5,"sampler_name":"dpmpp_2m","scheduler":"karras","start_at_step":0,"end_at_step":10000,"return_with_leftover_noise":"disable","model":["11",0],"positive":["12",0],"negative":["13",0],"latent_image":["14",0]}},"16":{"class_type":"VAEDecode","inputs":{"samples":["15",0],"vae":["10",2]}},"17":{"class_type":"SaveImage","inputs":{"filename_prefix":"crane","images":["16",0]}}}
        """;

    public const string InvokeAiMetadata = """
        {"generation_mode":"sdxl_txt2img","positive_prompt":"a robot reading a book","negative_prompt":"","width":1024,"height":1024,"seed":591741300,"rand_device":"cpu","cfg_scale":5.0,"cfg_rescale_multiplier":0,"steps":30,"scheduler":"dpmpp_2m_sde","model":{"key":"6c5b7a0e","hash":"blake3:8967a1b2c3d4","name":"lustifySDXLNSFW_endgame","base":"sdxl","type":"main"},"loras":[],"app_version":"5.4.2"}
        """;

    public const string InvokeAi2Metadata = """
        {"model":"stable diffusion","model_weights":"stable-diffusion-1.5","model_hash":"cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516","app_id":"invoke-ai/InvokeAI","app_version":"2.3.0","image":{"prompt":[{"prompt":"a tabby cat on a windowsill [dog, blurry]","weight":1.0}],"steps":50,"cfg_scale":7.5,"threshold":0,"perlin":0,"height":512,"width":512,"seed":42,"seamless":false,"hires_fix":false,"type":"txt2img","postprocessing":null,"sampler":"k_lms","variations":[]}}
        """;

    public const string InvokeAi2Dream = "\"a tabby cat on a windowsill [dog, blurry]\" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms";

    public const string NovelAiComment = """
        {"prompt":"1girl, cherry blossoms, spring wind","steps":28,"height":1216,"width":832,"scale":5.0,"uncond_scale":0.0,"cfg_rescale":0.0,"seed":1748315263,"n_samples":1,"noise_schedule":"karras","sampler":"k_euler_ancestral","strength":0.7,"noise":0.0,"uc":"lowres, bad anatomy","request_type":"PromptGenerateRequest","signed_hash":"x"}
        """;

    public const string FooocusParameters = """
        {"adm_guidance":"(1.5, 0.8, 0.3)","base_model":"juggernautXL_v8Rundiffusion","base_model_hash":"aeb7e9e689","clip_skip":2,"full_negative_prompt":["unrealistic"],"full_prompt":["a cozy cabin in the snow, warm light"],"guidance_scale":4,"loras":[["sd_xl_offset_example-lora_1.0.safetensors",0.1,"4852686128"]],"metadata_scheme":"fooocus","negative_prompt":"","performance":"Speed","prompt":"a cozy cabin in the snow","refiner_model":"None","refiner_switch":0.5,"resolution":"(1152, 896)","sampler":"dpmpp_2m_sde_gpu","scheduler":"karras","seed":"127589946317439009","sharpness":2,"steps":30,"styles":"['Fooocus V2']","vae":"Default (model)","version":"Fooocus v2.5.5"}
        """;

    public const string SwarmParameters = """
        {"sui_image_params":{"prompt":"a photo of a cat","model":"OfficialStableDiffusion/sd_xl_base_1.0","seed":1,"steps":20,"cfgscale":7.0,"width":1024,"height":1024,"negativeprompt":"","swarm_version":"0.9.3.1"},"sui_extra_data":{"date":"2025-01-25"},"sui_models":[{"name":"OfficialStableDiffusion/sd_xl_base_1.0.safetensors","param":"model","hash":"0xd7a9105a900fd52748f20725fe52fe52b507fd36bee4fc107b1550a26e6ee1d7"}]}
        """;

    public const string MidjourneyDescription = "example of a paper lantern festival --ar 2:1 --stylize 80 --seed 3141 --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3";

    public const string MidjourneyXmp = """
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:iptcExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" iptcExt:DigImageGUID="a7421d2f-b262-44f9-977c-ac23e9c7d3e3" iptcExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/></rdf:RDF></x:xmpmeta><?xpacket end="r"?>
        """;

    private static IEnumerable<(string Name, byte[] Bytes)> PngFixtures()
    {
        yield return ("a1111.png", Png(("parameters", A1111Parameters)));
        yield return ("forge.png", Png(("parameters", ForgeParameters)));
        yield return ("sdnext.png", Png(("parameters", SdNextParameters)));
        yield return ("comfyui.png", Png(("prompt", ComfyPrompt.Trim()), ("workflow", ComfyWorkflow.Trim())));
        yield return ("comfyui-sdxl.png", Png(("prompt", ComfySdxlPrompt.Trim())));
        yield return ("invokeai.png", Png(("invokeai_metadata", InvokeAiMetadata.Trim())));
        yield return ("invokeai2.png", Png(("sd-metadata", InvokeAi2Metadata.Trim()), ("Dream", InvokeAi2Dream)));
        yield return ("novelai.png", Png(("Title", "NovelAI generated image"), ("Description", "1girl, cherry blossoms, spring wind"),
            ("Software", "NovelAI"), ("Source", "NovelAI Diffusion V3 C1E4F7B2"), ("Generation time", "4.87"), ("Comment", NovelAiComment.Trim())));
        yield return ("fooocus.png", Png(("parameters", FooocusParameters.Trim()), ("fooocus_scheme", "fooocus")));
        yield return ("swarmui.png", Png(("parameters", SwarmParameters.Trim())));
        yield return ("midjourney.png", Png(("Description", MidjourneyDescription), ("Author", "lantern_maker"),
            ("Creation Time", "2024-03-05T10:21:44Z"), ("XML:com.adobe.xmp", MidjourneyXmp.Trim())));
    }
}
